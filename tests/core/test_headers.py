"""core.headers: the Permissions-Policy header on every response, HEAD without a body."""

import pytest
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory

from core.headers import HeadWithoutBodyMiddleware, permissions_policy

pytestmark = pytest.mark.django_db


def test_the_policy_reads_as_the_header_syntax():
    policy = {"usb": [], "fullscreen": ["self"], "camera": []}

    assert permissions_policy(policy) == "camera=(), fullscreen=(self), usb=()"


@pytest.mark.parametrize("path", ["/", "/healthz", "/no-such-page/"])
def test_every_response_denies_the_features_the_portal_never_uses(client, path):
    header = client.get(path)["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header.split(", ")


def test_a_head_response_keeps_its_headers_and_loses_its_body():
    middleware = HeadWithoutBodyMiddleware(
        lambda request: HttpResponse("<p>page</p>", headers={"Content-Length": "11"})
    )

    response = middleware(RequestFactory().head("/"))

    assert (response.content, response["Content-Length"]) == (b"", "11")


def test_a_streamed_head_response_loses_its_body(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text("a,b\n")
    middleware = HeadWithoutBodyMiddleware(lambda request: FileResponse(path.open("rb")))

    response = middleware(RequestFactory().head("/"))

    assert b"".join(response.streaming_content) == b""


def test_a_get_response_keeps_its_body():
    middleware = HeadWithoutBodyMiddleware(lambda request: HttpResponse("<p>page</p>"))

    assert middleware(RequestFactory().get("/")).content == b"<p>page</p>"
