"""Requesting a URL as a persona and naming the outcome, for the URL x role walk.

An outcome is one of: 200, LOGIN (a redirect to the log-in page, allauth's or the admin's),
MFA (a redirect to TOTP set-up), REDIRECT (any other redirect), or the status code itself
(400, 403, 404, 405, 410). Every request runs in a savepoint that is rolled back, so a POST
that changes something (verify, remove a member, submit...) does not affect the next one.

`head_mismatch` compares a HEAD with the GET of the same URL: load balancers, uptime monitors
and link checkers send HEAD, and it must answer like GET (same outcome and content type),
without a body. (Django's test client drops a HEAD's body as WSGI servers do, and the view
renders it as for GET: what the comparison really proves is that the view answers HEAD at all
and in the same way. `make scan` sends HEAD to a real gunicorn too.)
"""

from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from django.db import transaction
from django.test import Client

OK = 200
LOGIN = "LOGIN"
MFA = "MFA"
REDIRECT = "REDIRECT"

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
MFA_PATHS = ("/accounts/2fa/totp/activate/",)


def outcome(response) -> int | str:
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path.startswith(LOGIN_PATHS):
            return LOGIN
        if path.startswith(MFA_PATHS):
            return MFA
        return REDIRECT
    return response.status_code


def head_mismatch(get_response, head_response) -> str | None:
    """What differs between a GET and a HEAD of the same URL, or None when HEAD answers alike."""
    got, expected = outcome(head_response), outcome(get_response)
    if got != expected:
        return f"HEAD answered {got}, GET {expected}"
    head_type, get_type = head_response.get("Content-Type"), get_response.get("Content-Type")
    if head_type != get_type:
        return f"HEAD content type {head_type!r}, GET {get_type!r}"
    body = (
        b"".join(head_response.streaming_content)
        if head_response.streaming
        else head_response.content
    )
    if body:
        return f"HEAD answered a body of {len(body)} bytes"
    return None


def fresh_client(cookies: SimpleCookie) -> Client:
    """A client with a copy of a signed-in client's cookies (a logout must not leak across)."""
    client = Client(raise_request_exception=False)
    client.cookies = SimpleCookie()
    for key, morsel in cookies.items():
        client.cookies[key] = morsel.value
    return client


def request_rolled_back(
    cookies: SimpleCookie,
    method: str,
    url: str,
    data: dict | None,
    setup=None,
    headers: dict | None = None,
):
    """The response to one request; `setup()` prepares the database just for it."""
    client = fresh_client(cookies)
    savepoint = transaction.savepoint()
    try:
        if setup is not None:
            setup()
        if method == "GET":
            return client.get(url, data or {}, headers=headers)
        if method == "HEAD":
            return client.head(url, data or {}, headers=headers)
        return client.post(url, data or {}, headers=headers)
    finally:
        transaction.savepoint_rollback(savepoint)
