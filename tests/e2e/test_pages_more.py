"""More public pages in the browser: the 404 page in every language, the news
list's second page and its category filter used by keyboard, the human-readable
site map, and the emergency banner. axe runs on every page (zero violations)."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

#: language code → URL prefix (Japanese is the unprefixed default).
LANGUAGES = {
    "ja": "/",
    "en": "/en/",
    "zh-hans": "/zh-hans/",
    "ko": "/ko/",
    "vi": "/vi/",
    "tl": "/tl/",
    "pt-br": "/pt-br/",
}


def _press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_page_in_language(page, assert_accessible, language):
    """An unknown address answers 404 with an accessible page in the language
    of its prefix, with a way on (home page, site map, search)."""
    response = page.goto(LANGUAGES[language] + "no-such-page-e2e/")
    assert response is not None and response.status == 404
    assert_accessible(page)
    assert page.get_attribute("html", "lang") == language
    assert page.locator("h1").count() == 1
    assert page.locator("main a[href$='/sitemap/']").count() == 1
    assert page.locator("main input[type='search'][name='q']").count() == 1


def test_news_second_page_by_keyboard(page, visit, assert_accessible, tab_to):
    """The "next" link of the news list's pagination leads to page 2, which
    marks itself as the current page and passes axe."""
    visit(page, "/news/")
    first_page_items = page.locator("#news-list > li").count()
    assert first_page_items == 10
    tab_to(page, "nav.pagination a[rel='next']")
    _press_enter_and_wait(page)
    assert parse_qs(urlsplit(page.url).query) == {"page": ["2"]}
    assert_accessible(page)
    current = page.locator("nav.pagination a[aria-current='page']")
    assert current.count() == 1
    assert current.get_attribute("href") == "?page=2"
    assert page.locator("#news-list > li").count() >= 1


def test_news_category_filter_by_keyboard(page, visit, assert_accessible, tab_to):
    """Choosing a category with the arrow keys and submitting the filter with
    Enter lists only news of that category, and keeps the choice selected."""
    visit(page, "/news/")
    total = page.locator("#news-list > li").count()
    select = page.locator("#news-category")
    tab_to(page, "#news-category")
    page.keyboard.press("ArrowDown")
    chosen = select.input_value()
    assert chosen, "ArrowDown did not choose a category"
    chosen_name = select.locator("option:checked").inner_text().strip()
    tab_to(page, "form.filter-form button[type='submit']")
    _press_enter_and_wait(page)

    assert parse_qs(urlsplit(page.url).query) == {"category": [chosen]}
    assert_accessible(page)
    assert page.locator("#news-category").input_value() == chosen
    items = page.locator("#news-list > li")
    assert 1 <= items.count() <= total
    for index in range(items.count()):
        tags = items.nth(index).locator(".tag").all_inner_texts()
        assert chosen_name in [tag.strip() for tag in tags]


@pytest.mark.parametrize("language", LANGUAGES)
def test_site_map_page_in_language(page, visit, language):
    """The site map lists the site's sections as links in the page's language
    and passes axe."""
    prefix = LANGUAGES[language]
    visit(page, prefix + "sitemap/")
    assert page.get_attribute("html", "lang") == language
    assert page.locator("h1").count() == 1
    assert page.locator("main ul.sitemap a[href]").count() >= 5
    assert page.locator(f"main ul.sitemap a[href='{prefix}kurashi/']").count() == 1


# --- emergency banner -----------------------------------------------------------

#: The fields of EmergencyBanner this test changes, and restores afterwards.
BANNER_FIELDS = ("is_active", "level", "title", "message")
BANNER_TITLE = "E2E 緊急テスト: 避難指示"
BANNER_MESSAGE = "これは自動テストの表示です。"


def _banner_update(e2e_server, values: dict | None) -> dict:
    """Set the default site's EmergencyBanner fields to ``values`` (None reads
    only) through the model's save, so the page-cache signal fires; returns the
    fields as they were before."""
    script = (
        "import json\n"
        "from wagtail.models import Site\n"
        "from cityhall.website.models import EmergencyBanner\n"
        "banner = EmergencyBanner.for_site(Site.objects.get(is_default_site=True))\n"
        f"before = {{name: getattr(banner, name) for name in {BANNER_FIELDS!r}}}\n"
        f"values = json.loads({json.dumps(json.dumps(values))})\n"
        "if values is not None:\n"
        "    for name, value in values.items():\n"
        "        setattr(banner, name, value)\n"
        "    banner.save()\n"
        "print(json.dumps(before))\n"
    )
    return json.loads(e2e_server.manage("shell", "-c", script).splitlines()[-1])


@pytest.fixture
def emergency_banner_on(e2e_server):
    """The emergency banner switched on for this test; the previous state is
    put back afterwards, even when the test fails."""
    before = _banner_update(e2e_server, None)
    try:
        _banner_update(
            e2e_server,
            {
                "is_active": True,
                "level": "emergency",
                "title": BANNER_TITLE,
                "message": BANNER_MESSAGE,
            },
        )
        yield
    finally:
        _banner_update(e2e_server, before)


def _open_until_banner(page, path: str, *, seconds: float = 10.0):
    """Open ``path`` until the test's banner shows: other server processes may
    serve the previous content generation for about a second after the change
    (with the demo's current flood alert in the banner)."""
    deadline = time.monotonic() + seconds
    while True:
        response = page.goto(path)
        assert response is not None and response.status == 200
        banner = page.locator("#emergency-banner")
        if banner.count() and BANNER_TITLE in banner.inner_text():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{path}: no emergency banner after {seconds} s")
        page.wait_for_timeout(250)


@pytest.mark.usefixtures("emergency_banner_on")
def test_emergency_banner_on_home_page(page, assert_accessible):
    """Switched on, the banner heads the Japanese and the English home page as
    an alert region with its title and message, and both pages pass axe."""
    for language in ("ja", "en"):
        _open_until_banner(page, LANGUAGES[language])
        assert_accessible(page)
        banner = page.locator("[role='alert']#emergency-banner")
        assert banner.count() == 1
        assert BANNER_TITLE in banner.inner_text()
        assert BANNER_MESSAGE in banner.inner_text()
        assert page.get_attribute("html", "lang") == language
