"""ETag / If-None-Match for the API: a client that polls gets 304 while nothing changed."""

from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware

API_PREFIX = "/api/v1/"


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ConditionalGetMiddleware (a strong ETag from the body's hash, 304 on a match),
    for the API only: the portal's pages carry per-request CSRF tokens and are not cached."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return response
        # The body depends on who asks: caches must key on the credentials too.
        response.headers.setdefault("Vary", "Authorization, Cookie")
        return super().process_response(request, response)
