"""The Content-Security-Policy is strict, and the pages do not depend on inline code."""

import pytest

from tests.security.html import csp_directives, inline_code

PUBLIC_PAGES = ["/", "/clusters/", "/organizations/", "/accounts/login/", "/accounts/signup/"]


@pytest.mark.django_db
def test_pages_carry_a_csp_without_unsafe_inline_scripts(client):
    response = client.get("/")

    directives = csp_directives(response.headers["Content-Security-Policy"])
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_no_inline_script_or_style_the_csp_would_block(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


def test_the_inline_code_finder_sees_every_kind_of_inline_code():
    html = (
        '<script>alert(1)</script><p onclick="x()" style="color:red">'
        '<a href="javascript:alert(1)">x</a><style>p{}</style>'
        '<script type="application/json">{}</script><script src="/static/a.js"></script>'
    )

    assert len(inline_code(html)) == 5
