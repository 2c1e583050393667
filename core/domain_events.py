"""Domain events: a lower app says what happened, the higher apps that care react.

A service calls `publish("opportunity.published", event=...)` after its write, inside its
atomic block; every handler registered with `@subscribe("opportunity.published")` runs at
once, synchronously, in that same transaction. So a handler's writes (notification rows, say)
commit or roll back with the change, and a handler that raises rolls the change back too.
Publishing a name nobody subscribed to does nothing. Handlers are registered when their app
loads (its `AppConfig.ready()`), in the order of INSTALLED_APPS.

Names are dotted strings, "<subject>.<what happened>": "opportunity.published",
"interest.sent", "interest.answered", "invitation.created", "join_request.created", ...
"""

from collections.abc import Callable

Handler = Callable[..., None]

_handlers: dict[str, list[Handler]] = {}


def subscribe(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as a handler of `name`; it gets the payload as keywords."""

    def register(handler: Handler) -> Handler:
        handlers = _handlers.setdefault(name, [])
        if handler not in handlers:
            handlers.append(handler)
        return handler

    return register


def publish(name: str, **payload: object) -> None:
    """Run every handler of `name` now, in the caller's transaction."""
    for handler in tuple(_handlers.get(name, ())):
        handler(**payload)
