"""Response headers Django has no setting for.

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


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
