"""{% site_navbar %} and {% site_footer %} give what including their templates gives, for
visitors and members, in every section and language, and each request's values are its own
(escaped; one person's e-mail or token never reaches another's page)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from core.templatetags.site_chrome import _User
from tests.accounts.factories import UserFactory
from tests.matching.factories import NotificationFactory

pytestmark = pytest.mark.django_db

BOTH = Template(
    "{% load site_chrome %}{% site_navbar %}|{% include 'includes/navbar.html' %}"
    "|{% site_footer %}|{% include 'includes/footer.html' %}"
)


def _render(user, path: str, language: str = "en") -> tuple[str, str, str, str]:
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path.split("?")[0])
    with translation.override(language):
        navbar, included_navbar, footer, included_footer = BOTH.render(
            RequestContext(request)
        ).split("|")
    return navbar, included_navbar, footer, included_footer


@pytest.mark.parametrize("language", ["en", "ja", "zh-hans"])
@pytest.mark.parametrize(
    "path",
    ["/", "/opportunities/?q=a&page=2", "/dashboard/", "/notifications/", "/accounts/profile/"],
)
def test_the_same_as_the_templates_for_a_member(path, language):
    member = UserFactory()
    NotificationFactory.create_batch(2, recipient=member)

    navbar, included_navbar, footer, included_footer = _render(member, path, language)

    assert navbar == included_navbar
    assert footer == included_footer
    assert member.email in navbar
    assert '2<span class="visually-hidden">' in navbar


@pytest.mark.parametrize("path", ["/", "/organizations/", "/stats/"])
def test_the_same_as_the_templates_for_a_visitor(path):
    navbar, included_navbar, footer, included_footer = _render(AnonymousUser(), path)

    assert navbar == included_navbar
    assert footer == included_footer
    assert "csrfmiddlewaretoken" not in navbar


def test_a_member_without_unread_notifications_has_no_badge():
    navbar, included_navbar, _, _ = _render(UserFactory(), "/")

    assert navbar == included_navbar
    assert "badge" not in navbar


def test_each_request_shows_its_own_values_escaped():
    first = UserFactory(email="first@example.org")
    second = UserFactory(email="o'brien+x@example.org")
    _render(first, "/opportunities/")

    navbar, included_navbar, _, _ = _render(second, '/opportunities/?q="><script>x</script>')

    assert navbar == included_navbar
    assert "first@example.org" not in navbar
    assert "o&#x27;brien+x@example.org" in navbar
    assert "<script>" not in navbar
    assert 'name="next" type="hidden" value="/opportunities/?q=%22%3E%3Cscript%3E' in navbar


def test_each_request_has_its_own_csrf_token():
    member = UserFactory()
    first, _, _, _ = _render(member, "/")
    second, _, _, _ = _render(member, "/")

    assert first.count('name="csrfmiddlewaretoken"') == 2
    assert first != second  # a new token (masked differently) for each request


def test_a_template_reading_more_than_the_variant_fails_loudly():
    """Had navbar.html read a role or a name, one variant would show it to everyone; the
    stand-ins refuse instead of rendering ''."""
    template = Template("{% if user.is_staff %}staff{% endif %}")
    with pytest.raises(RuntimeError, match=r"user\.is_staff"):
        template.render(Context({"user": _User(True)}))
