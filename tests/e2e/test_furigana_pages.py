"""Furigana display option in a real browser: chosen by keyboard, kept across
pages, ruby on the Japanese text, axe-clean (and, through html_validation,
valid HTML)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

#: Japanese pages of the demo site, shown with readings.
PAGES = ["/", "/news/sogo-bosai-kunren/", "/kurashi/juminhyo/", "/bosai/hinanjo/"]


def test_furigana_by_keyboard_then_every_page_has_ruby(
    page, visit, assert_accessible, tab_to
):
    """Turn readings on with the keyboard; each page then shows ruby readings
    in its main content and passes axe."""
    visit(page, "/")
    assert page.locator("main ruby").count() == 0
    tab_to(page, "details.display-options > summary")
    page.keyboard.press("Enter")
    tab_to(page, "input[name='furigana']:checked")
    page.keyboard.press("ArrowDown")
    tab_to(page, "details.display-options button[type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "furigana-on" in (page.get_attribute("html", "class") or "").split()
    assert_accessible(page)
    for path in PAGES:
        visit(page, path)
        assert page.get_attribute("html", "lang") == "ja"
        assert page.locator("main ruby rt").count() > 0, path
        assert page.locator("h1").count() == 1


def test_other_languages_are_left_without_ruby(page, visit, e2e_server):
    """On an English page only Japanese text (marked lang="ja": the language
    switcher, untranslated items) gets readings; English text gets none."""
    page.context.add_cookies(
        [
            {
                "name": "cityhall_display",
                "value": "normal.normal.on",
                "url": e2e_server.base_url,
            }
        ]
    )
    visit(page, "/en/")
    assert page.get_attribute("html", "lang") == "en"
    outside_japanese = page.evaluate(
        """() => [...document.querySelectorAll('ruby')]
            .filter(r => !r.closest('[lang]').lang.startsWith('ja')).length"""
    )
    assert outside_japanese == 0
    assert page.locator("[lang='ja'] ruby").count() > 0
