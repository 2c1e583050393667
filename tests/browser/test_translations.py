"""An author adds a Japanese translation on the edit page; a reader whose interface is Japanese
sees it, and switches to the original ("also in")."""

import pytest
from playwright.sync_api import expect

from opportunities.models import Opportunity, OpportunityStatus
from opportunities.services import opportunity_publish
from tests.browser.data import PASSWORD, build_consortium
from tests.opportunities.factories import OpportunityFactory

ORIGINAL = "Rapid sepsis test seeks a distributor in Japan"
JA_TITLE = "迅速敗血症検査の日本国内販売代理店を募集"
JA_SUMMARY = (
    "20分で結果が出るCEマーク取得済みの敗血症検査です。"
    "病院に販路を持つ日本の販売代理店を探しています。"
)


@pytest.fixture
def consortium(transactional_db):
    return build_consortium()


def test_an_author_adds_a_japanese_translation_that_a_japanese_reader_sees(
    page, checks, browser, live_server, consortium
):
    author = consortium.users["lyon_member"]
    draft = OpportunityFactory(
        organization=consortium.organizations["lyon"],
        author=author,
        title=ORIGINAL,
        summary="A CE-marked 20-minute sepsis test; we seek a distributor with hospital access.",
        language="en",
        technology_areas=[consortium.areas["diagnostics"]],
    )

    # The author opens the edit page, unfolds Japanese and types the translation.
    checks.log_in(author.email, PASSWORD)
    checks.open(f"/opportunities/{draft.pk}/edit/")
    # (The page checks reload the page: before typing.)
    checks.check_page("opportunity-form-translations")
    page.locator("details summary", has_text="Japanese").click()
    page.get_by_label("Title (Japanese)").fill(JA_TITLE)
    page.get_by_label("Summary (Japanese)").fill(JA_SUMMARY)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ORIGINAL)
    draft.refresh_from_db()
    assert draft.status == OpportunityStatus.SUBMITTED
    assert draft.translations.get().title == JA_TITLE

    # The cluster's staff publish it, translation included.
    opportunity_publish(actor=consortium.users["lyon_staff"], opportunity=draft)

    # A member in Osaka whose interface is Japanese reads it in Japanese.
    reader = consortium.users["osaka_member"]
    reader.language = "ja"
    reader.save(update_fields=["language"])
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900})
    try:
        japanese = context.new_page()
        japanese.goto("/accounts/login/")
        japanese.locator("input[name='login']").fill(reader.email)
        japanese.locator("input[name='password']").fill(PASSWORD)
        japanese.locator("input[name='password']").press("Enter")
        expect(japanese.locator("html")).to_have_attribute("lang", "ja")
        japanese.goto("/opportunities/")
        japanese.get_by_role("link", name=JA_TITLE).click()
        heading = japanese.get_by_role("heading", level=1)
        expect(heading).to_have_text(JA_TITLE)
        expect(heading).to_have_attribute("lang", "ja")
        expect(japanese.get_by_text(JA_SUMMARY)).to_be_visible()

        # "Also in: English" shows the original.
        japanese.get_by_role("link", name="English").click()
        expect(japanese.get_by_role("heading", level=1)).to_have_text(ORIGINAL)
    finally:
        context.close()

    # Everyone else keeps the original.
    checks.open(f"/opportunities/{draft.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ORIGINAL)
    checks.check_page("opportunity-detail-versions")
    assert Opportunity.objects.get(pk=draft.pk).status == OpportunityStatus.PUBLISHED
