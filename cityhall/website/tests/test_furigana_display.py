"""The furigana display option: ruby on Japanese pages, cached per generation."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from cityhall.common.furigana.dictionary import reading_entry_save
from cityhall.website.display import DISPLAY_COOKIE_NAME, furigana_from_cookie
from cityhall.website.page_cache import forget_process_memos
from cityhall.website.tests.factories import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_caches():
    forget_process_memos()
    for name in ("default", "pages"):
        caches[name].clear()
    yield
    forget_process_memos()


def test_posting_furigana_on_sets_the_cookie():
    """The option is stored as the cookie's third part; older cookies still read."""
    from django.test import Client

    client = Client()
    response = client.post(
        "/display/",
        {"size": "normal", "contrast": "high", "furigana": "on", "next": "/"},
    )
    assert response.status_code == 302
    assert response.cookies[DISPLAY_COOKIE_NAME].value == "normal.high.on"
    assert furigana_from_cookie("normal.high.on")
    assert not furigana_from_cookie("normal.high")
    assert client.post("/display/", {"furigana": "maybe"}).status_code == 400


def test_page_with_furigana_has_ruby_and_without_has_none(client):
    """A Japanese page gets <ruby> for its kanji only when the option is on."""
    build_site()
    plain = client.get("/").content.decode()
    assert "<ruby>" not in plain
    client.cookies[DISPLAY_COOKIE_NAME] = "normal.normal.on"
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<ruby>" in html
    assert "<rt>" in html
    assert 'class="text-normal contrast-normal furigana-on"' in html
    assert 'name="furigana" value="on" checked' in html


def test_dictionary_edit_reaches_cached_pages(
    client, django_capture_on_commit_callbacks
):
    """Pages with readings are cached, and a dictionary edit refreshes them."""
    build_site()
    client.cookies[DISPLAY_COOKIE_NAME] = "normal.normal.on"
    first = client.get("/")
    assert first["X-Cache"] == "miss"
    assert client.get("/")["X-Cache"] == "hit"
    assert "<ruby>検索<rt>けんさく</rt></ruby>" in first.content.decode()
    # Staff give a word on the page (the search button) an easier reading.
    with django_capture_on_commit_callbacks(execute=True):
        reading_entry_save(surface="検索", reading="さがす")
    again = client.get("/")
    assert again["X-Cache"] == "miss"
    assert "<ruby>検索<rt>さがす</rt></ruby>" in again.content.decode()
