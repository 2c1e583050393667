"""Text on the theme's coloured backgrounds reaches WCAG AA contrast (4.5:1) everywhere.

axe only "needs review" for text on a gradient, so a browser audit with zero violations does
not prove it. This test reads `static/css/portal.css`, resolves its custom properties, and
computes the WCAG contrast ratio of each text colour against every stop of the gradient (or
the plain colour) behind it, with translucent layers in between composited: the worst stop
counts.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css"
AA_NORMAL_TEXT = 4.5

# (text rule, rule that paints the background, translucent layers painted in between)
PAIRS = [
    (".hero", ".hero", ()),
    (".hero h1", ".hero", ()),
    (".hero .eyebrow", ".hero", ()),
    (".hero .lead", ".hero", ()),
    (".key-figure-value", ".hero", (".key-figure",)),
    (".key-figure-label", ".hero", (".key-figure",)),
    (".site-footer", ".site-footer", ()),
    (".site-footer .footer-heading", ".site-footer", ()),
    (".brand-mark", ".bg-wlscc", ()),
]


@dataclass(frozen=True)
class Rgba:
    red: float
    green: float
    blue: float
    alpha: float = 1.0

    def over(self, below: "Rgba") -> "Rgba":
        """This colour composited over an opaque one."""
        return Rgba(
            *(
                mine * self.alpha + theirs * (1 - self.alpha)
                for mine, theirs in zip(
                    (self.red, self.green, self.blue),
                    (below.red, below.green, below.blue),
                    strict=True,
                )
            )
        )

    def __str__(self) -> str:
        channels = (self.red, self.green, self.blue)
        return "#" + "".join(f"{round(channel):02x}" for channel in channels)

    def luminance(self) -> float:
        def linear(channel: float) -> float:
            value = channel / 255
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        return 0.2126 * linear(self.red) + 0.7152 * linear(self.green) + 0.0722 * linear(self.blue)


def colour(text: str) -> Rgba:
    text = text.strip().lower()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        return Rgba(*(int(digits[index : index + 2], 16) for index in (0, 2, 4)))
    match = re.fullmatch(r"rgba?\(([^)]*)\)", text)
    assert match, f"not a colour: {text!r}"
    parts = [float(part) for part in re.split(r"[,\s/]+", match.group(1).strip())]
    return Rgba(*parts)


def contrast(foreground: Rgba, background: Rgba) -> float:
    lighter, darker = sorted(
        (foreground.over(background).luminance(), background.luminance()), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def rules(css: str) -> dict[str, dict[str, str]]:
    """Selector -> declarations, for every rule outside @media (later rules win)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    found: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {
            name.strip(): value.strip()
            for name, _, value in (part.partition(":") for part in body.split(";") if ":" in part)
        }
        for selector in selectors.split(","):
            found.setdefault(" ".join(selector.split()), {}).update(declarations)
    return found


def resolve(value: str, variables: dict[str, str]) -> str:
    return re.sub(r"var\((--[\w-]+)\)", lambda match: variables[match.group(1)], value)


def split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += character
    return [*parts, current]


def background_stops(value: str) -> list[Rgba]:
    """Every colour a background shows: the stops of a linear gradient, or the one colour."""
    gradient = re.fullmatch(r"linear-gradient\((.*)\)", value.strip())
    if not gradient:
        return [colour(value)]
    arguments = split_top_level(gradient.group(1))
    if re.match(r"\s*(-?[\d.]+(deg|turn|rad)|to\s)", arguments[0]):
        arguments = arguments[1:]
    return [colour(re.match(r"\s*(#\w+|rgba?\([^)]*\))", stop).group(1)) for stop in arguments]


def background_of(declarations: dict[str, str], variables: dict[str, str]) -> str:
    value = declarations.get("background") or declarations["background-color"]
    return resolve(value, variables)


def contrast_misses(css: str) -> list[str]:
    """Each text/background pair under 4.5:1 on its worst stop, with the figures."""
    found = rules(css)
    variables = found[":root"]
    misses = []
    for text_rule, background_rule, layers in PAIRS:
        foreground = colour(resolve(found[text_rule]["color"], variables))
        for stop in background_stops(background_of(found[background_rule], variables)):
            behind = stop
            for layer in layers:
                behind = colour(background_of(found[layer], variables)).over(behind)
            ratio = contrast(foreground, behind)
            if ratio < AA_NORMAL_TEXT:
                misses.append(f"{text_rule} on {background_rule} stop {stop}: {ratio:.2f}:1")
    return misses


def test_the_contrast_formula_gives_wcag_figures():
    assert contrast(colour("#000"), colour("#fff")) == pytest.approx(21)
    assert contrast(colour("#ffb36b"), colour("#0f6f7f")) == pytest.approx(3.31, abs=0.01)
    assert contrast(colour("#ffb36b"), colour("#0b5d6b")) == pytest.approx(4.27, abs=0.01)


def test_the_hero_gradient_has_its_three_stops():
    found = rules(CSS.read_text())

    stops = background_stops(background_of(found[".hero"], found[":root"]))

    assert stops == [colour("#073f49"), colour("#0b5d6b"), colour("#0f6f7f")]


def test_text_on_the_theme_backgrounds_reaches_aa_on_every_stop():
    assert contrast_misses(CSS.read_text()) == []


def test_the_old_eyebrow_colour_would_fail_on_the_light_end_of_the_hero():
    css = re.sub(r"(\.hero \.eyebrow \{ color: )[^;]+;", r"\1#ffb36b;", CSS.read_text())

    misses = contrast_misses(css)

    assert any(miss.startswith(".hero .eyebrow on .hero") for miss in misses), misses
