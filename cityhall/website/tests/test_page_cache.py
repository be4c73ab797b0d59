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
    client.get("/?q=x")
    response = client.get("/?q=x")
    assert response.status_code == 200
    assert "X-Cache" not in response


@pytest.mark.parametrize(
    "query",
    [
        "fbclid=IwAR0abc",
        "utm_source=line&utm_medium=social&utm_campaign=bosai",
        "gclid=Cj0KCQ",
        "yclid=123",
        "mc_cid=abc&mc_eid=def",
        "_ga=2.1234",
    ],
)
def test_tracking_parameters_share_the_clean_address_entry(client, tree, query):
    """A shared link's tracking parameters neither bypass the cache nor make an
    entry of their own: the page cached for the clean address is served."""
    clean = client.get(tree.article.url)
    response = client.get(f"{tree.article.url}?{query}")
    assert clean["X-Cache"] == "miss"
    assert response["X-Cache"] == "hit"
    assert response.content == clean.content


def test_tracking_parameters_do_not_reach_the_rendered_page(client, tree):
    """A page first rendered for a tracked link is the clean address's page: the
    visitor's click id is not echoed (the display form's return address) into a
    copy that every later visitor receives."""
    first = client.get("/?fbclid=first-visitor&utm_source=x")
    later = client.get("/?fbclid=second-visitor")
    clean = client.get("/")
    assert first["X-Cache"] == "miss"
    assert later["X-Cache"] == "hit"
    assert clean["X-Cache"] == "hit"
    html = first.content.decode()
    assert 'name="next" value="/"' in html
    assert "first-visitor" not in html
    assert later.content == first.content


def test_tracking_parameters_keep_the_listed_ones_in_the_key(client, tree):
    """``?page=2&fbclid=…`` is the cache entry of ``?page=2``."""
    client.get(tree.news_index.url + "?page=2")
    response = client.get(tree.news_index.url + "?page=2&fbclid=abc&utm_medium=x")
    assert response["X-Cache"] == "hit"
    assert client.get(tree.news_index.url)["X-Cache"] == "miss"


def test_unknown_parameter_beside_a_tracking_one_still_bypasses(client, tree):
    """Dropping tracking parameters does not open the cache to other ones."""
    client.get("/?fbclid=abc&q=x")
    response = client.get("/?fbclid=abc&q=x")
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_signed_in_request_keeps_its_query_string(client, tree):
    """Only requests that may use the cache lose their tracking parameters: a
    signed-in visitor's page still sees the whole address."""
    client.force_login(StaffFactory())
    html = client.get("/?fbclid=abc").content.decode()
    assert 'name="next" value="/?fbclid=abc"' in html


def test_making_a_page_private_takes_it_out_of_the_cache(client, tree):
    """A page view restriction added to a cached page applies to the next
    anonymous request (it starts a new content generation)."""
    from wagtail.models import PageViewRestriction

    assert client.get(tree.article.url)["X-Cache"] == "miss"
    PageViewRestriction.objects.create(
        page=tree.sections[0], restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(tree.article.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


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
