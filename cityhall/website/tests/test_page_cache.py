"""Anonymous page cache: hits, bypasses and invalidation on publishing."""

from __future__ import annotations

import pytest

from cityhall.core.tests.factories import StaffFactory
from cityhall.website.display import DISPLAY_COOKIE_NAME
from cityhall.website.tests.factories import build_site, emergency_banner_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_site()


def test_second_anonymous_request_is_a_hit(client, tree):
    """The first visit renders the page, the second is served from the cache."""
    first = client.get(tree.article.url)
    second = client.get(tree.article.url)
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_logged_in_request_is_never_cached(client, tree):
    """A signed-in visitor neither reads nor fills the cache."""
    client.force_login(StaffFactory())
    client.get(tree.article.url)
    response = client.get(tree.article.url)
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_publishing_makes_the_next_request_a_miss_with_new_content(client, tree):
    """After a publish the page is rendered again and shows the new title."""
    client.get(tree.article.url)
    tree.article.title = "新しい題名"
    tree.article.save_revision().publish()
    response = client.get(tree.article.url)
    assert response["X-Cache"] == "miss"
    assert "新しい題名" in response.content.decode()


def test_emergency_banner_appears_immediately(client, tree):
    """Switching the banner on invalidates every cached page at once."""
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    emergency_banner_set(is_active=True, title="避難指示", message="川沿いの方は避難")
    html = client.get("/").content.decode()
    assert 'role="alert"' in html
    assert "避難指示" in html


def test_display_cookie_selects_a_different_entry(client, tree):
    """Large-text visitors get their own cached copy, not the normal one."""
    client.get("/")
    client.cookies[DISPLAY_COOKIE_NAME] = "largest.normal"
    response = client.get("/")
    assert response["X-Cache"] == "miss"
    assert 'class="text-largest contrast-normal"' in response.content.decode()


def test_unlisted_query_parameter_bypasses_the_cache(client, tree):
    """Only ``page`` and ``category`` are part of the key; others skip the cache."""
    client.get("/?utm_source=x")
    response = client.get("/?utm_source=x")
    assert "X-Cache" not in response


def test_allowed_query_parameter_is_cached_separately(client, tree):
    """?page=2 of the news list is its own cache entry."""
    client.get(tree.news_index.url)
    response = client.get(tree.news_index.url + "?page=2")
    assert response["X-Cache"] == "miss"
    assert client.get(tree.news_index.url + "?page=2")["X-Cache"] == "hit"


def test_non_page_responses_are_not_cached(client, tree):
    """Views other than Wagtail page serving (the site map) are not cached."""
    client.get("/sitemap/")
    assert "X-Cache" not in client.get("/sitemap/")


def test_not_found_is_not_cached(client, tree):
    """A 404 is never stored."""
    client.get("/no-such-page/")
    assert "X-Cache" not in client.get("/no-such-page/")
