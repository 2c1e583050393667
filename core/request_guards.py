"""Refuse NUL bytes at the door.

PostgreSQL text cannot hold NUL (0x00): a value carrying one reaches the database as an error,
i.e. an HTTP 500, wherever a view passes request data to a query without a form field (Django's
form fields already refuse it). No legitimate browser request contains one, so:

- a query string or form field (name or value) with a NUL byte is a 400 (SuspiciousOperation,
  logged on `django.security`);
- a cookie with a NUL byte is ignored, as if the browser had not sent it (a forged session
  cookie must not stop the visitor from getting a page).
"""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict

NUL = "\x00"


def _has_nul(data: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


class NulByteGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cookies = request.COOKIES
        if any(NUL in name or NUL in value for name, value in cookies.items()):
            request.COOKIES = {
                name: value
                for name, value in cookies.items()
                if NUL not in name and NUL not in value
            }
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            raise SuspiciousOperation("NUL byte in the request's parameters")
        return self.get_response(request)
