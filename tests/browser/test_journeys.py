"""The main journeys of members and staff, each person in their own browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from opportunities.models import InterestStatus, Opportunity, OpportunityStatus
from tests.browser.data import PASSWORD, build_consortium
from tests.browser.pages import SCREENSHOTS, BrowserChecks


@pytest.fixture
def consortium(transactional_db):
    return build_consortium()


@pytest.fixture
def person(browser, live_server, consortium):
    """A function that opens a browser for one of the demo people, logged in."""
    contexts = []

    def open_browser_for(key: str) -> tuple[Page, BrowserChecks]:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1440, "height": 900},
            extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"},
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: (
                page.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        checks = BrowserChecks(page=page, base_url=live_server.url, screenshots=SCREENSHOTS)
        user = consortium.users[key]
        checks.log_in(user.email, PASSWORD, totp_secret=consortium.totp_secrets.get(key))
        return page, checks

    yield open_browser_for
    for context in contexts:
        context.close()


def test_the_log_in_page_is_accessible(page, checks, consortium):
    checks.open("/accounts/login/")
    checks.check_page("login")


def test_cluster_staff_edit_a_member_profile(person, consortium):
    page, checks = person("lyon_staff")
    organization = consortium.organizations["lyon"]
    checks.open(f"/organizations/{organization.slug}/")
    page.get_by_role("link", name=re.compile("^Edit")).first.click()
    expect(page).to_have_url(re.compile(rf"/organizations/{organization.slug}/edit/$"))
    checks.check_page("organization-form")
    page.get_by_label("Description", exact=True).fill(
        "Rapid sepsis assays, CE-marked, for licensing in Asia."
    )
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(rf"/organizations/{organization.slug}/$"))
    expect(
        page.get_by_text("Rapid sepsis assays, CE-marked, for licensing in Asia.")
    ).to_be_visible()
    organization.refresh_from_db()
    assert organization.description.startswith("Rapid sepsis assays")


def test_post_publish_express_interest_and_accept(person, consortium):
    title = "Point-of-care sepsis test seeks a Japanese distributor"

    # A member of a company in Lyon posts an opportunity.
    owner_page, owner = person("lyon_member")
    owner.open("/opportunities/new/")
    owner.check_page("opportunity-form")
    owner_page.get_by_label("Type").select_option(label="Technology offer")
    owner_page.locator("input[name='title']").fill(title)
    owner_page.locator("textarea[name='summary']").fill(
        "A CE-marked 20-minute sepsis test; we seek a distributor with hospital access in Japan."
    )
    owner_page.get_by_label("Diagnostics (general)").check()
    owner_page.get_by_role("button", name="Submit for review").click()
    expect(owner_page.get_by_role("heading", level=1)).to_have_text(title)
    opportunity = Opportunity.objects.get(title=title)
    assert opportunity.status == OpportunityStatus.SUBMITTED

    # The staff of the Lyon cluster publish it from their queue.
    staff_page, staff = person("lyon_staff")
    staff.open("/dashboard/")
    staff.check_page("dashboard-staff")
    staff_page.get_by_role("link", name=title).click()
    staff_page.get_by_label("Publish").check()
    staff_page.get_by_role("button", name="Record the decision").click()
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.PUBLISHED

    # A member of a research group in Osaka finds it and expresses interest.
    partner_page, partner = person("osaka_member")
    partner.open("/opportunities/")
    partner.check_page("opportunities")
    partner_page.get_by_role("link", name=title).click()
    partner.check_page("opportunity-detail")
    partner_page.get_by_label("Your message to the owner").fill(
        "We run a hospital network study in Osaka and could distribute your test."
    )
    partner_page.get_by_role("button", name="Express interest").click()
    interest = opportunity.interests.get()
    assert interest.status == InterestStatus.PENDING

    # The owner accepts: an introduction.
    owner.open(f"/opportunities/{opportunity.pk}/")
    owner_page.get_by_role("button", name="Accept: introduce us").click()
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED
    owner.open("/dashboard/")
    owner.check_page("dashboard-member")
