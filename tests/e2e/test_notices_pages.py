"""Notice pages in the browser: the demo's current flood alert in every
enabled language, its banner, its easy-Japanese section and its read-aloud
script, by keyboard; axe runs on every page (zero violations)."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ALERT_SLUG = "naka-gawa-hinan-shiji"


@pytest.fixture(scope="module")
def alert(e2e_server) -> dict:
    """The flood alert's key and its address in each enabled language (a
    translation where there is one, else the untranslated alias)."""
    script = (
        "import json\n"
        "from cityhall.core.models import Municipality\n"
        "from cityhall.website.models import NewsPage\n"
        f"original = NewsPage.objects.get(slug={ALERT_SLUG!r}, "
        "locale__language_code='ja')\n"
        "enabled = Municipality.objects.get().enabled_languages or ['ja']\n"
        "urls = {p.locale.language_code: p.get_url() for p in NewsPage.objects"
        ".live().filter(translation_key=original.translation_key)"
        ".select_related('locale') if p.locale.language_code in enabled}\n"
        "print(json.dumps({'key': str(original.translation_key), 'urls': urls,"
        " 'translated': [p.locale.language_code for p in NewsPage.objects"
        ".live().filter(translation_key=original.translation_key,"
        " alias_of__isnull=True).select_related('locale')]}))\n"
    )
    return json.loads(e2e_server.manage("shell", "-c", script).splitlines()[-1])


def test_alert_page_in_every_enabled_language(page, visit, alert):
    """Each language's page of the alert passes axe, says its language, shows
    the banner, the districts, and the easy-Japanese section marked lang=ja;
    untranslated versions mark their Japanese content."""
    assert {"ja", "en"} <= set(alert["urls"])
    for language, url in alert["urls"].items():
        visit(page, url)
        assert page.get_attribute("html", "lang") == language
        assert page.locator("[role='alert']#emergency-banner").count() == 1
        easy = page.locator("section.easy-japanese")
        assert easy.count() == 1
        assert easy.get_attribute("lang") == "ja"
        assert "にげてください" in easy.inner_text()
        facts = page.locator("dl.notice-facts").inner_text()
        if language == "en":
            assert page.locator("#language-fallback-notice").count() == 0
            assert "Kurobane" in facts
        elif language not in alert["translated"]:
            # Untranslated: the text, district names included, is Japanese.
            assert page.locator("#page-content").get_attribute("lang") == "ja"
            assert "黒羽" in facts


def test_read_aloud_script_by_keyboard(page, visit, alert, tab_to):
    """From the alert's page the read-aloud script is reached by keyboard; the
    script page passes axe, marks the script's language and links the plain
    text, which is served as UTF-8 with spoken numbers and readings."""
    visit(page, alert["urls"]["ja"])
    tab_to(page, "ul.notice-links a[href*='read-aloud']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/notices/{alert['key']}/read-aloud/")
    visit(page, page.url)
    script = page.locator("#read-aloud-script")
    assert script.get_attribute("lang") == "ja"
    text = script.inner_text()
    assert "黒羽（くろばね）" in text
    assert "じゅうがつじゅうろくにち" in text
    tab_to(page, "a[type='text/plain']")
    response = page.request.get(
        page.locator("a[type='text/plain']").get_attribute("href")
    )
    assert response.status == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "湯津上（ゆづかみ）" in response.text()


def test_read_aloud_page_in_english_interface(page, visit, alert):
    """Under /en/ the page chrome is English while the script keeps lang=ja."""
    visit(page, f"/en/notices/{alert['key']}/read-aloud/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("#read-aloud-script").get_attribute("lang") == "ja"
