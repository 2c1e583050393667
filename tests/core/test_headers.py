"""The Permissions-Policy header (core.headers) on every response."""

import pytest

from core.headers import permissions_policy

pytestmark = pytest.mark.django_db


def test_the_policy_reads_as_the_header_syntax():
    policy = {"usb": [], "fullscreen": ["self"], "camera": []}

    assert permissions_policy(policy) == "camera=(), fullscreen=(self), usb=()"


@pytest.mark.parametrize("path", ["/", "/healthz", "/no-such-page/"])
def test_every_response_denies_the_features_the_portal_never_uses(client, path):
    header = client.get(path)["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header.split(", ")
