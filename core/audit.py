"""Through what a change was made, for the histories (an API key rather than a browser).

The API's authentication opens `acting_via("API key «CRM» (wk_ab12cd34)")` around the request;
`opportunities.events.record_event` and the organization services read `current_via()` and
store it with the history row, so every write names the key that made it without each
service taking one more argument.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_via: ContextVar[str] = ContextVar("wlscc_acting_via", default="")


@contextmanager
def acting_via(label: str) -> Iterator[None]:
    token = _via.set(label)
    try:
        yield
    finally:
        _via.reset(token)


def current_via() -> str:
    return _via.get()


def via_set(label: str):
    """For a caller that cannot wrap a block (a view's initial/finalize): pair with via_reset."""
    return _via.set(label)


def via_reset(token) -> None:
    _via.reset(token)


def acting_user(user: Any) -> Any:
    """The user to name as the author of a change: None for nobody or an anonymous visitor
    (imports, tasks, demo data)."""
    return user if user is not None and user.is_authenticated else None
