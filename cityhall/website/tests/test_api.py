"""The website's API router: news and site search under /api/v1/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from cityhall.common.tests.api_assertions import assert_error_shape
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


@pytest.fixture
def news_index():
    return f.add_news_index(f.site_home())


# --- news ---------------------------------------------------------------------


def test_news_list_newest_first_with_absolute_urls(client, news_index):
    """Items come newest first with id, categories, department and absolute URL."""
    category = f.news_category(name="防災", slug="bosai")
    department = f.DepartmentFactory(code="kiki")
    old = f.add_news(news_index, title="古い", date=dt.date(2025, 1, 1))
    new = f.add_news(
        news_index,
        title="新しい",
        date=dt.date(2025, 2, 1),
        lead="概要",
        categories=[category],
        department=department,
    )
    body = client.get(f"{BASE}/news").json()
    assert body["count"] == 2
    first = body["items"][0]
    assert [i["title"] for i in body["items"]] == ["新しい", "古い"]
    assert first["id"] == str(new.translation_key)
    assert first["url"] == f"http://testserver{new.url}"
    assert first["categories"] == [{"slug": "bosai", "name": "防災"}]
    assert first["department"]["code"] == "kiki"
    assert first["lead"] == "概要"
    assert body["items"][1]["id"] == str(old.translation_key)


def test_news_list_is_paginated(client, news_index):
    """limit/offset select a window; count is the total."""
    for day in range(1, 6):
        f.add_news(news_index, title=f"n{day}", date=dt.date(2025, 1, day))
    body = client.get(f"{BASE}/news", {"limit": 2, "offset": 1}).json()
    assert body["count"] == 5
    assert [i["title"] for i in body["items"]] == ["n4", "n3"]


def test_news_limit_over_maximum_is_refused(client, news_index):
    """limit above 100 is a 422."""
    assert_error_shape(
        client.get(f"{BASE}/news", {"limit": 101}), 422, "validation_error"
    )


@pytest.mark.parametrize("since", ["0", "20240601", "2024-06-01T00:00:00", "x"])
def test_news_since_must_be_a_date(client, news_index, since):
    """since accepts only what the schema says (YYYY-MM-DD): a number that
    pydantic would read as 1970-01-01 is refused."""
    error = assert_error_shape(
        client.get(f"{BASE}/news", {"since": since}), 422, "validation_error"
    )
    assert error["details"]["fields"][0]["location"] == ["query", "since"]


def test_news_filtered_by_category_and_since(client, news_index):
    """category and since narrow the list."""
    bosai = f.news_category(name="防災", slug="bosai")
    f.add_news(news_index, title="防災古", date=dt.date(2024, 1, 1), categories=[bosai])
    f.add_news(news_index, title="防災新", date=dt.date(2025, 1, 1), categories=[bosai])
    f.add_news(news_index, title="その他", date=dt.date(2025, 1, 2))
    body = client.get(f"{BASE}/news", {"category": "bosai", "since": "2024-06-01"})
    assert [i["title"] for i in body.json()["items"]] == ["防災新"]


def test_news_list_query_count(client, news_index, django_assert_max_num_queries):
    """Ten items cost the same few queries as one (no N+1)."""
    category = f.news_category(name="防災", slug="bosai")
    department = f.DepartmentFactory()
    for day in range(1, 11):
        f.add_news(
            news_index,
            title=f"n{day}",
            date=dt.date(2025, 1, day),
            categories=[category],
            department=department,
        )
    client.get(f"{BASE}/news")  # warm Wagtail's site root cache
    with django_assert_max_num_queries(5):
        assert len(client.get(f"{BASE}/news").json()["items"]) == 10


def test_news_list_is_scoped_to_the_language(client, news_index):
    """?lang=en lists the English items only."""
    home = news_index.get_parent()
    f.translate(home, "en", title="Home")
    en_index = f.translate(news_index, "en", title="News")
    f.add_news(news_index, title="日本語", date=dt.date(2025, 1, 1))
    f.add_news(en_index, title="English", date=dt.date(2025, 1, 1))
    body = client.get(f"{BASE}/news", {"lang": "en"}).json()
    assert [i["title"] for i in body["items"]] == ["English"]


def test_news_detail_has_sanitised_html_and_text(client, news_index):
    """The body comes as sanitised HTML and as plain text."""
    page = f.add_news(
        news_index,
        title="詳細",
        date=dt.date(2025, 1, 1),
        body='<a href="/guide/">案内</a>をご覧ください',
    )
    body = client.get(f"{BASE}/news/{page.translation_key}").json()
    assert body["title"] == "詳細"
    assert 'href="http://testserver/guide/"' in body["body_html"]
    assert body["body_text"] == "案内をご覧ください"
    assert body["published_at"]


def test_unpublished_news_detail_is_not_found(client, news_index):
    """An item taken offline is a 404."""
    page = f.add_news(news_index, title="取り下げ", date=dt.date(2025, 1, 1))
    page.unpublish()
    assert_error_shape(
        client.get(f"{BASE}/news/{page.translation_key}"), 404, "not_found"
    )


# --- search -------------------------------------------------------------------


def test_page_search_finds_japanese_substrings(client):
    """/pages/search uses the Japanese-aware site search."""
    home = f.site_home()
    page = f.add_article(home, title="住民税の納付", body="年4回に分けて納めます")
    f.add_article(home, title="ごみ")
    body = client.get(f"{BASE}/pages/search", {"q": "税"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == str(page.translation_key)
    assert item["url"] == f"http://testserver{page.url}"
    assert item["type"] == "website.articlepage"
    assert "<mark>" not in item["snippet"]


def test_page_search_query_count(client, django_assert_max_num_queries):
    """Search results cost two queries (count and page) whatever their number."""
    home = f.site_home()
    for number in range(8):
        f.add_article(home, title=f"税{number}")
    with django_assert_max_num_queries(2):
        assert client.get(f"{BASE}/pages/search", {"q": "税"}).json()["count"] == 8


def test_page_search_too_long_query_is_refused(client):
    """A query over 100 characters is a 422."""
    assert_error_shape(
        client.get(f"{BASE}/pages/search", {"q": "税" * 101}), 422, "validation_error"
    )


def test_page_search_too_many_words_is_an_application_error(client):
    """ApplicationError subclasses use their own status and code."""
    with translation.override("en"):
        response = client.get(f"{BASE}/pages/search", {"q": " ".join("abcdefghijk")})
    error = assert_error_shape(response, 400, "too_many_terms")
    assert error["details"] == {"max_terms": 10}
