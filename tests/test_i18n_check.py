"""The helper that finds interface strings left in English (tests/i18n_check.py)."""

from tests.i18n_check import untranslated_strings, visible_texts


def test_it_finds_an_english_interface_string():
    assert untranslated_strings("<h1>Page not found</h1>", "de") == ["Page not found"]


def test_it_accepts_the_translation():
    assert untranslated_strings("<h1>Seite nicht gefunden</h1>", "de") == []


def test_it_matches_strings_with_placeholders():
    html = "<p>A member of Lyonbiopôle</p>"
    assert untranslated_strings(html, "ja") == ["A member of %(cluster)s"]


def test_it_finds_a_long_string_inside_a_paragraph():
    html = "<p>Note: Select a marker to open the cluster's page.</p>"
    assert untranslated_strings(html, "fr") == ["Select a marker to open the cluster's page."]


def test_it_reads_accessible_names():
    html = '<nav aria-label="Main navigation"></nav>'
    assert untranslated_strings(html, "ko") == ["Main navigation"]


def test_it_ignores_content_marked_as_another_language():
    html = '<button lang="en">English</button><span lang="de">Deutsch</span>'
    assert untranslated_strings(html, "zh-hans") == []


def test_it_ignores_scripts():
    html = '<script type="application/json">["Page not found"]</script>'
    assert untranslated_strings(html, "de") == []


def test_it_can_look_at_the_strings_of_some_files_only():
    html = "<h1>Page not found</h1>"
    assert untranslated_strings(html, "de", sources=("templates/stats/",)) == []
    assert untranslated_strings(html, "de", sources=("templates/404.html",)) == ["Page not found"]


def test_member_content_is_not_an_interface_string():
    assert untranslated_strings("<p>Acme Biotech licenses its assay</p>", "de") == []


def test_visible_texts_split_at_tags():
    assert visible_texts("<p>One <b>two</b></p>") == ["One", "two"]


def test_a_placeholder_does_not_match_inside_a_word():
    """German "Joint Venture" is not "Join %(name)s" with the name "t Venture"."""
    assert untranslated_strings("<td>Joint Venture</td>", "de") == []


def test_a_placeholder_does_not_match_the_start_of_a_word():
    """The country "Trinidad and Tobago" is not "%(since)s ago"."""
    assert untranslated_strings("<td>Trinidad and Tobago</td>", "fr") == []


def test_a_placeholder_still_matches_a_whole_phrase():
    assert untranslated_strings("<p>3 days ago</p>", "fr") == ["%(since)s ago"]


def test_a_long_string_is_found_only_as_whole_words():
    """A member's "… Laboratory and office spaces" is not "Laboratory and office space"."""
    html = "<p>We rent Laboratory and office spaces in Lyon</p>"
    assert untranslated_strings(html, "fr") == []


def test_a_numeric_placeholder_stands_for_a_number_only():
    assert untranslated_strings("<h1>Page not found</h1>", "de") == ["Page not found"]
    assert untranslated_strings("<span>Page 51</span>", "de") == ["Page %(number)s"]
