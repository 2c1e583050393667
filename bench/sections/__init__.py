"""The benchmark's sections: one module per section in this package, each registering itself.

A section measures one thing and reports it:

    from bench.sections import Context, section

    def lines(result: dict) -> list[str]:          # Markdown-ready, printed and put in the README
        return [f"- Something: {result['ms']} ms (target ≤ 100 ms)"]

    @section("something", "Something", order=60, lines=lines)
    def measure(ctx: Context) -> dict:
        ...                                         # ctx.targets, ctx.args, ctx.results
        return {"status": "ok", "ms": 12.0}

`bench/run.py` imports every module of this package, runs the registered sections by `order`
(`--only key,key` runs a few, `--skip key` leaves some out) and stores each result under its
key in `bench/results.json`. An exception in a section is reported as that section's error;
the others still run.
"""

import argparse
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.common import Targets


@dataclass
class Context:
    args: argparse.Namespace
    results: dict
    _targets: "Targets | None" = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def targets(self) -> "Targets":
        from bench.common import load_targets

        if self._targets is None:
            self._targets = load_targets()
        return self._targets


@dataclass
class Section:
    key: str
    title: str
    measure: Callable[[Context], dict]
    lines: Callable[[dict], list[str]] | None = None
    order: int = 50
    # False: runs only when named with --only (slow or optional sections).
    default: bool = True


REGISTRY: dict[str, Section] = {}


def section(
    key: str,
    title: str,
    *,
    order: int = 50,
    lines: Callable[[dict], list[str]] | None = None,
    default: bool = True,
) -> Callable[[Callable[[Context], dict]], Callable[[Context], dict]]:
    def register(measure: Callable[[Context], dict]) -> Callable[[Context], dict]:
        if key in REGISTRY and REGISTRY[key].measure is not measure:
            raise ValueError(f"bench section {key!r} registered twice")
        REGISTRY[key] = Section(key, title, measure, lines, order, default)
        return measure

    return register


def all_sections() -> list[Section]:
    """Every section of this package's modules, in their order."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return sorted(REGISTRY.values(), key=lambda s: (s.order, s.key))
