"""Every page type, the search page and the sign-in/sign-up pages, in every
language: zero axe-core violations (WCAG 2.1 A/AA) and the right <html lang>."""

from __future__ import annotations

from urllib.parse import quote

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

#: page kind → path below the language prefix (demo data from seed_demo).
PAGES = {
    "home": "",
    "section": "kurashi/",
    "article": "kurashi/juminhyo/",
    "translated-article": "bosai/hinanjo/",
    "news-index": "news/",
    "news-page": "news/sogo-bosai-kunren/",
    "department-index": "soshiki/",
    "department-page": "soshiki/shimin/",
    "accessibility-policy": "accessibility/",
    "privacy-policy": "privacy/",
    "search-results": "search/?q=" + quote("住民票"),
    "resident-login": "accounts/login/",
    "resident-signup": "accounts/signup/",
    "staff-login": "staff/login/",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGES)
def test_page_is_accessible_in_language(page, visit, kind, language):
    """The page answers 200, passes axe with no violations and declares the
    language of its URL prefix on <html>."""
    visit(page, LANGUAGES[language] + PAGES[kind])
    assert page.get_attribute("html", "lang") == language
    assert page.locator("h1").count() == 1
