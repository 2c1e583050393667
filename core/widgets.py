"""Form widgets that render fast.

Django renders a `<select>` through one template include per option: about 0.15 ms each, so the
marketplace's two country filters (250 countries each) cost ~80 ms of CPU per page, more than
all its SQL at 200,000 opportunities (measured by `make bench`). `FastSelect` builds the same
markup in Python (same selection, same escaping), straight from the choices: even Django's
per-option context dicts cost ~2 ms for a 250-country select.
"""

from typing import TypeVar

from django import forms
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

_W = TypeVar("_W", bound=forms.Widget)


def _attrs(attrs: dict) -> SafeString:
    """As `django/forms/widgets/attrs.html`: True is a bare attribute, False is left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _same_state(cls: type[_W], widget: forms.Widget) -> _W:
    """A `cls` with the state of `widget` (attributes, choices, flags), built without __init__."""
    fast = cls.__new__(cls)
    fast.__dict__.update(widget.__dict__)
    return fast


class FastSelect(forms.Select):
    """`forms.Select` with the markup of Django's templates, written without them."""

    @classmethod
    def from_select(cls, widget: forms.Select) -> "FastSelect":
        """The same widget (attributes, choices, flags), rendered fast."""
        return _same_state(cls, widget)

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        return self._markup(name, value, attrs, self.choices)

    def _markup(self, name, value, attrs, choices) -> SafeString:
        # As Select.get_context() and optgroups() with create_option(), without the per-option
        # dicts: a Select's options inherit no attributes, so an option only has `selected`.
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        values = self.format_value(value)
        has_selected = False
        parts = [format_html('<select name="{}"', name), _attrs(final_attrs), ">"]
        for option_value, option_label in choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, list | tuple):
                group_name, options = option_value, option_label
            else:
                group_name, options = None, ((option_value, option_label),)
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for subvalue, sublabel in options:
                first = not has_selected or self.allow_multiple_selected
                selected = first and str(subvalue) in values
                has_selected |= selected
                parts += (
                    '\n  <option value="',
                    conditional_escape(subvalue),
                    '" selected>' if selected else '">',
                    conditional_escape(sublabel),
                    "</option>\n",
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Every piece is a constant or was escaped by format_html or conditional_escape.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


# Markups a process keeps (KeptSelect); a full store is emptied and refilled.
RENDERED_SELECTS_KEPT = 512


def _choices_key(choices) -> tuple:
    """The choices as the strings they render (so another language is another key)."""
    return tuple(
        (str(option), tuple((str(o), str(lab)) for o, lab in label))
        if isinstance(label, list | tuple)
        else (str(option), str(label))
        for option, label in choices
    )


class KeptSelect(FastSelect):
    """`FastSelect` whose markup is kept in the process for the same name, value, attributes
    and choices (choices are part of the key, so a renamed cluster or area, or another
    language, is another entry): the same on every page of a list, and nothing in it depends
    on the viewer. The marketplace's two country selects cost ~1.3 ms each to escape."""

    _rendered: dict[tuple, SafeString] = {}

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        choices = list(self.choices)  # read once (a callable's may be a query)
        key = (name, repr(value), repr(self.attrs), repr(attrs), _choices_key(choices))
        markup = self._rendered.get(key)
        if markup is None:
            markup = self._markup(name, value, attrs, choices)
            if len(self._rendered) >= RENDERED_SELECTS_KEPT:
                self._rendered.clear()
            self._rendered[key] = markup
        return markup


class FastTextInput(forms.TextInput):
    """`forms.TextInput` with the markup of `django/forms/widgets/input.html`, written without
    its two templates (~1.5 ms a field on a search form)."""

    @classmethod
    def from_input(cls, widget: forms.TextInput) -> "FastTextInput":
        """The same widget (type, attributes), rendered fast."""
        return _same_state(cls, widget)

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], name, shown, _attrs(widget["attrs"])
        )
