"""Switching the interface language, and the browser's language on the first visit."""

import pytest
from playwright.sync_api import expect

from tests.browser.data import build_consortium


@pytest.fixture
def consortium(transactional_db):
    return build_consortium()


def test_visitor_switches_the_interface_to_chinese(page, checks, consortium):
    checks.open("/")
    page.locator("details[data-language-menu] > summary").click()
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("全球生命科学集群携手合作的平台")
    checks.check_page("home-zh-hans")
    # the choice is remembered on the next pages
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="统计").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("统计")
    checks.check_page("stats-zh-hans")


def test_language_menu_works_with_the_keyboard(page, checks, consortium):
    checks.open("/")
    summary = page.locator("details[data-language-menu] > summary")
    summary.focus()
    page.keyboard.press("Enter")
    german = page.get_by_role("button", name="Deutsch")
    expect(german).to_be_visible()
    page.keyboard.press("Escape")
    expect(german).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    german.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "de")


def test_first_visit_follows_the_browsers_language(browser, live_server, consortium):
    context = browser.new_context(
        base_url=live_server.url, locale="ja-JP", extra_http_headers={"Accept-Language": "ja"}
    )
    try:
        japanese = context.new_page()
        japanese.goto("/")
        expect(japanese.locator("html")).to_have_attribute("lang", "ja")
        expect(japanese.get_by_role("link", name="ログイン").first).to_be_visible()
    finally:
        context.close()


def test_a_member_gets_their_accounts_language_when_logging_in(page, checks, consortium):
    member = consortium.users["osaka_member"]
    member.language = "ko"
    member.save(update_fields=["language"])
    checks.log_in(member.email, "correct-horse-battery-staple")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
