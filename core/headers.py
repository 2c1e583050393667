"""What Django leaves to settings it does not have, or to the server.

`HeadWithoutBodyMiddleware` drops the body of a HEAD response once its headers are final
(Content-Length still tells the size of the GET): the views answer HEAD as GET, and gunicorn
would otherwise log "WSGI app sent body bytes on a no-body response" for every load-balancer
probe of /healthz.

`PermissionsPolicyMiddleware` sends `Permissions-Policy`, built from the PERMISSIONS_POLICY
setting (feature -> allowlist, an empty list meaning "no one, not even the portal"). The portal
uses no camera, microphone, location, payment, USB... so these features are switched off for
it and for anything it embeds: an injected script or a compromised vendor file cannot ask the
visitor for them.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def permissions_policy(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` -> `camera=(), fullscreen=(self)`."""
    return ", ".join(
        f"{feature}=({' '.join(allowlist)})" for feature, allowlist in sorted(policy.items())
    )


class HeadWithoutBodyMiddleware:
    """Above CommonMiddleware, so Content-Length is computed from the body first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
