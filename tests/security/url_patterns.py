"""Every URL pattern of the project, for the URL x role walk.

`project_url_patterns()` walks `get_resolver()` recursively and returns one `UrlPattern` per
endpoint with its full route, its namespaced name, the view's dotted path and the URL
arguments it needs. A walk test can then say, for each pattern and each persona, which status
it expects — and a view added without an entry (so without a decided permission) fails it.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

# Third-party URL trees whose permission logic is not ours (they are still walked by default;
# `project_url_patterns(exclude=...)` filters on these prefixes when a test wants only ours).
THIRD_PARTY_PREFIXES = ("admin/", "accounts/", "i18n/", "static/", "media/", "__debug__/")


@dataclass(frozen=True)
class UrlPattern:
    route: str  # e.g. "organizations/<slug:slug>/edit/"
    name: str | None  # e.g. "partners:edit"
    view: str  # dotted path of the view callable
    arguments: tuple[str, ...]  # names of the URL arguments, in order

    @property
    def needs_arguments(self) -> bool:
        return bool(self.arguments)

    def path(self, **kwargs) -> str:
        """The concrete path; `kwargs` gives every argument (reverse() checks the converters)."""
        if self.name:
            return reverse(self.name, kwargs=kwargs or None)
        assert not self.arguments, f"unnamed pattern with arguments: {self.route}"
        return "/" + self.route


def _route(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    if isinstance(pattern, RegexPattern):
        return pattern._regex.lstrip("^").rstrip("$").replace("\\Z", "")
    return str(pattern)


def _arguments(route: str, pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return re.findall(r"<(?:\w+:)?(\w+)>", route)
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return []


def _view_path(callback) -> str:
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    module = getattr(view, "__module__", "?")
    name = getattr(view, "__qualname__", getattr(view, "__name__", repr(view)))
    return f"{module}.{name}"


def _walk(patterns, prefix: str, namespace: str | None, arguments: tuple[str, ...]):
    for entry in patterns:
        route = prefix + _route(entry.pattern)
        entry_arguments = arguments + tuple(_arguments(_route(entry.pattern), entry.pattern))
        if isinstance(entry, URLResolver):
            child_namespace = namespace
            if entry.namespace:
                child_namespace = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, route, child_namespace, entry_arguments)
        elif isinstance(entry, URLPattern):
            name = entry.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield UrlPattern(
                route=route, name=name, view=_view_path(entry.callback), arguments=entry_arguments
            )


def project_url_patterns(*, exclude: tuple[str, ...] = ()) -> list[UrlPattern]:
    """All endpoints, sorted by route; `exclude` drops routes starting with those prefixes."""
    patterns = _walk(get_resolver().url_patterns, "", None, ())
    return sorted(
        (pattern for pattern in patterns if not pattern.route.startswith(exclude)),
        key=lambda pattern: (pattern.route, pattern.name or ""),
    )


def own_url_patterns() -> list[UrlPattern]:
    """The portal's own endpoints (admin, allauth, i18n and static/media excluded)."""
    return project_url_patterns(exclude=THIRD_PARTY_PREFIXES)
