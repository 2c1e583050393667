"""A visitor meets the portal: home, clusters, the directory, a profile, the statistics."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.data import CLUSTERS, build_consortium


@pytest.fixture
def consortium(transactional_db):
    return build_consortium()


def test_home_presents_the_consortium_and_its_clusters_on_a_map(page, checks, consortium):
    checks.open("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("life-science clusters")
    # The map's library is fetched once the map nears the screen
    page.locator("#cluster-map").scroll_into_view_if_needed()
    markers = page.locator("#cluster-map .jvm-marker")
    expect(markers).to_have_count(10)
    expect(
        page.get_by_role("link", name="Sepsis assay available for licensing in Asia")
    ).to_be_visible()
    checks.check_page("home")


def test_a_map_marker_opens_the_clusters_page(page, checks, consortium):
    checks.open("/")
    page.locator("#cluster-map").scroll_into_view_if_needed()
    page.locator("#cluster-map .jvm-marker").first.wait_for()
    index = [short for _name, short, *_rest in CLUSTERS].index("CMC")
    page.locator(f"#cluster-map circle.jvm-marker[data-index='{index}']").click(force=True)
    expect(page).to_have_url(re.compile(r"/clusters/cmc/$"))


def test_visitor_browses_the_clusters(page, checks, consortium):
    checks.open("/clusters/")
    checks.check_page("clusters")
    page.get_by_role("link", name="Rhône-Alpes Biopôle").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rhône-Alpes Biopôle")
    checks.check_page("cluster-detail")


def test_visitor_searches_the_directory_and_opens_a_profile(page, checks, consortium):
    checks.open("/organizations/")
    checks.check_page("organizations")
    page.locator("input[name='q']").fill("sepsis assay")
    page.get_by_role("button", name="Search").click()
    result = page.get_by_role("link", name="Lumière Diagnostics")
    expect(result).to_be_visible()
    expect(page.get_by_role("link", name="Rhine Oncology AG")).to_have_count(0)
    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lumière Diagnostics")
    checks.check_page("organization-detail")


def test_visitor_reads_the_statistics(page, checks, consortium):
    checks.open("/stats/")
    # The charts are drawn by the server: there without JavaScript, each with its bars
    charts = page.locator("figure.bar-chart")
    expect(charts).to_have_count(4)
    for index in range(4):
        expect(charts.nth(index).locator("rect").first).to_be_attached()
    expect(page.get_by_role("table", name="Introductions between clusters")).to_be_visible()
    checks.check_page("stats")


def test_a_missing_page_says_so_in_the_sites_look(page, checks, consortium):
    response = page.goto("/organizations/no-such-organization/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    checks.check_page("not-found")


def test_home_works_without_javascript(browser, live_server, consortium):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.locator("#cluster-map")).to_be_hidden()
        expect(page.get_by_role("link", name="Kansai Bio Innovation")).to_be_visible()
        page.get_by_role("link", name="Kansai Bio Innovation").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Kansai Bio Innovation")
    finally:
        context.close()


def _phone_navigation(browser, live_server, *, javascript: bool):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 800},
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto("/")
    navigation = page.get_by_role("navigation", name="Main navigation")
    return context, page, navigation.get_by_role("link", name="Statistics")


def test_the_menu_button_opens_the_navigation_on_a_phone(browser, live_server, consortium):
    context, page, statistics = _phone_navigation(browser, live_server, javascript=True)
    try:
        expect(statistics).to_be_hidden()
        toggler = page.get_by_role("button", name="Toggle navigation")
        toggler.click()
        expect(statistics).to_be_visible()
        expect(toggler).to_have_attribute("aria-expanded", "true")
        toggler.click()
        expect(statistics).to_be_hidden()
    finally:
        context.close()


def test_without_javascript_the_phone_navigation_is_open(browser, live_server, consortium):
    context, page, statistics = _phone_navigation(browser, live_server, javascript=False)
    try:
        expect(statistics).to_be_visible()
        statistics.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Statistics")
    finally:
        context.close()
