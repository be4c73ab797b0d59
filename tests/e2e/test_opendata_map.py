"""The open-data portal and the map's list equivalent in the browser: axe-core
in every enabled language, and both used by keyboard alone."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

#: language code → URL prefix (Japanese is the unprefixed default).
LANGUAGES = {"ja": "/"} | {
    code: f"/{code}/" for code in ("en", "zh-hans", "ko", "vi", "tl", "pt-br")
}


def _press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _wait_for_focus(page, selector: str) -> None:
    """Wait until ``selector`` has focus (autofocus runs after the load)."""
    page.wait_for_function(
        "s => !!document.activeElement && document.activeElement.matches(s)",
        arg=selector,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_portal_pages_in_language(page, visit, language):
    """The catalogue (filtered by a theme) and a dataset page with its table
    preview pass axe in each language."""
    prefix = LANGUAGES[language]
    visit(page, f"{prefix}opendata/?group=disaster")
    assert page.get_attribute("html", "lang") == language
    assert page.locator(".dataset-list > li").count() >= 1
    visit(page, f"{prefix}opendata/dataset/evacuation-sites/")
    assert page.locator(".dataset-resource table tbody tr").count() == 10
    assert page.locator("a[href$='data-shift_jis.csv']").count() == 1
    assert page.locator("a[href$='data.geojson']").count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_map_list_in_language(page, visit, language):
    """The map page with its nearest-shelters list for a district passes axe
    (the drawn map included), distances in the table."""
    prefix = LANGUAGES[language]
    visit(page, f"{prefix}map/?layer=shelters&district=kurobane")
    assert page.get_attribute("html", "lang") == language
    rows = page.locator("main table tbody tr")
    assert rows.count() == 10
    assert "黒羽" in rows.first.inner_text()
    # The script drew the outline and the layer (Leaflet's SVG paths).
    page.wait_for_selector("#map .leaflet-overlay-pane path")
    assert page.locator("#map").is_visible()


def test_map_nearest_by_keyboard(page, visit, assert_accessible, tab_to):
    """Typing a postal code and pressing Enter lists the nearest AEDs."""
    visit(page, "/map/?layer=aeds")
    tab_to(page, "#id_postal_code")
    page.keyboard.type("324-0241")  # 黒羽向町
    _press_enter_and_wait(page)
    assert_accessible(page)
    caption = page.locator("main table caption").inner_text()
    assert "黒羽" in caption
    assert page.locator("main table tbody tr").count() >= 1


def test_map_error_summary_by_keyboard(page, visit, assert_accessible, tab_to):
    """An unknown postal code brings the error summary, focused, linking to the
    field; the list of every place stays."""
    visit(page, "/en/map/?layer=wifi")
    tab_to(page, "#id_postal_code")
    page.keyboard.type("1000001")
    _press_enter_and_wait(page)
    assert_accessible(page)
    _wait_for_focus(page, "#error-summary")
    assert page.locator("#error-summary a[href='#id_postal_code']").count() == 1


def test_portal_search_by_keyboard(page, visit, assert_accessible, tab_to):
    """Searching for a two-character word with the keyboard finds its dataset,
    and a facet link narrows the result."""
    visit(page, "/opendata/")
    tab_to(page, "#opendata-q")
    page.keyboard.type("避難")
    _press_enter_and_wait(page)
    assert_accessible(page)
    titles = page.locator(".dataset-list h3").all_inner_texts()
    assert "指定緊急避難場所一覧" in titles
    tab_to(page, ".opendata-facets a[href*='format=CSV']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert "format=CSV" in page.url


@pytest.mark.parametrize("language", ["ja", "en"])
def test_site_search_finds_datasets(page, visit, language):
    """The site search lists the demo's shelters dataset among pages, labelled
    as a dataset and linked to its portal page, and passes axe (in English
    too, where it shows its English title)."""
    prefix = LANGUAGES[language]
    query = "避難" if language == "ja" else "evacuation"
    visit(page, f"{prefix}search/?q={query}")
    href = f"a[href='{prefix}opendata/dataset/evacuation-sites/']"
    result = page.locator("main .search-result", has=page.locator(href))
    assert result.count() == 1
    with translation.override(language):
        label = capfirst(gettext("dataset"))
    assert result.locator(".search-result-meta span").inner_text() == label
