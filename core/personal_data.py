"""Sections of a person's personal-data download, contributed by the apps that hold the data.

`accounts` builds the download but sits below the apps that store more about a person; each
of those registers a section here when it loads (its `AppConfig.ready()`):

    @personal_data_section("event_registrations")
    def registrations(user) -> list[dict]: ...
"""

from collections.abc import Callable
from typing import Any

Section = Callable[[Any], Any]

_sections: dict[str, Section] = {}


def personal_data_section(name: str) -> Callable[[Section], Section]:
    def register(builder: Section) -> Section:
        _sections[name] = builder
        return builder

    return register


def personal_data_sections(user: Any) -> dict[str, Any]:
    """Every registered section for `user`, by name, in registration order."""
    return {name: builder(user) for name, builder in _sections.items()}
