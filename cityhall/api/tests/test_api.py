"""The public REST API under /api/v1/."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.test import RequestFactory
from django.utils import translation

from cityhall.api.api import api
from cityhall.common.api.sanitize import sanitize_html
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


@pytest.fixture
def news_index():
    return f.add_news_index(f.site_home())


# --- municipality -------------------------------------------------------------


def test_municipality_profile(client):
    """The profile lists contact details, languages and districts."""
    municipality = f.MunicipalityFactory(enabled_languages=["ja", "en"])
    f.DistrictFactory(municipality=municipality, code="kita", name="北地区")
    body = client.get(f"{BASE}/municipality").json()
    assert body["name"] == "見本市"
    assert body["local_government_code"] == "999999"
    assert body["enabled_languages"] == ["ja", "en"]
    assert body["districts"] == [{"code": "kita", "name": "北地区", "name_kana": ""}]


def test_municipality_name_follows_lang_parameter(client):
    """?lang=en gives the English name and opening hours."""
    f.MunicipalityFactory(
        opening_hours="8:30-17:15",
        opening_hours_translations={"en": "8:30 am to 5:15 pm"},
    )
    body = client.get(f"{BASE}/municipality", {"lang": "en"}).json()
    assert body["name"] == "Sample City"
    assert body["opening_hours"] == "8:30 am to 5:15 pm"


def test_municipality_name_follows_accept_language(client):
    """Without ?lang= the Accept-Language header chooses the language."""
    f.MunicipalityFactory()
    response = client.get(f"{BASE}/municipality", headers={"accept-language": "en"})
    assert response.json()["name"] == "Sample City"


def test_unknown_language_is_a_validation_error(client):
    """?lang=xx is refused with 422 in the error shape, naming the parameter."""
    f.MunicipalityFactory()
    error = assert_error_shape(
        client.get(f"{BASE}/municipality", {"lang": "xx"}), 422, "validation_error"
    )
    assert error["details"]["fields"][0]["location"] == ["query", "lang"]


def test_missing_municipality_is_not_found(client):
    """Before the municipality is set up, the profile is a 404 in the error shape."""
    assert_error_shape(client.get(f"{BASE}/municipality"), 404, "not_found")


# --- departments --------------------------------------------------------------


def test_departments_are_listed_flat_with_parents(client):
    """Divisions carry their department's public id and code; inactive ones hidden."""
    department = f.DepartmentFactory(code="somu", sort_order=1)
    f.DepartmentFactory(
        municipality=department.municipality,
        parent=department,
        code="jinji",
        sort_order=2,
        phone="0123-45-0000",
    )
    f.DepartmentFactory(municipality=department.municipality, is_active=False)
    body = client.get(f"{BASE}/departments").json()
    assert [d["code"] for d in body] == ["somu", "jinji"]
    assert body[0]["parent_id"] is None
    assert body[1]["parent_id"] == str(department.public_id)
    assert body[1]["parent_code"] == "somu"
    assert body[1]["is_division"] is True
    assert body[1]["contact"]["phone"] == "0123-45-0000"


def test_department_list_query_count(client, django_assert_num_queries):
    """The list is one query however many departments there are."""
    parent = f.DepartmentFactory()
    for _ in range(5):
        f.DepartmentFactory(municipality=parent.municipality, parent=parent)
    with django_assert_num_queries(1):
        assert len(client.get(f"{BASE}/departments").json()) == 6


def test_department_detail_by_public_id(client):
    """A department is found by its UUID, with its translated name."""
    department = f.DepartmentFactory(
        code="somu", name_translations={"en": "Division somu"}
    )
    body = client.get(
        f"{BASE}/departments/{department.public_id}", {"lang": "en"}
    ).json()
    assert body["id"] == str(department.public_id)
    assert body["name"] == "Division somu"


def test_unknown_department_is_not_found(client):
    """An unknown UUID is a 404 in the error shape."""
    assert_error_shape(
        client.get(f"{BASE}/departments/{uuid.uuid4()}"), 404, "not_found"
    )


def test_malformed_department_id_is_a_validation_error(client):
    """A public id that is not a UUID is a 422."""
    assert_error_shape(client.get(f"{BASE}/departments/123"), 422, "validation_error")


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


# --- errors and documentation ----------------------------------------------------


def test_unknown_api_address_is_a_json_404(client):
    """An address under /api/v1/ that no endpoint serves is a JSON 404."""
    assert_error_shape(client.get(f"{BASE}/no-such-thing"), 404, "not_found")


def test_unexpected_exception_becomes_a_500_in_the_error_shape():
    """The API's handler for unexpected exceptions answers 500 without details."""
    request = RequestFactory().get(f"{BASE}/news")
    response = api.on_exception(request, RuntimeError("database on fire"))
    assert_error_shape(response, 500, "server_error")
    assert b"database on fire" not in response.content


def test_error_messages_speak_the_requested_language(client):
    """An error reads in the language the client asked for (?lang= or
    Accept-Language), Japanese by default."""
    url = f"{BASE}/departments/{uuid.uuid4()}"
    english = "Nothing was found at this address."
    assert client.get(url, {"lang": "en"}).json()["error"]["message"] == english
    by_header = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["error"]["message"]
    assert by_header == english
    with translation.override("ja"):
        japanese = translation.gettext(english)
    assert japanese != english
    assert client.get(url).json()["error"]["message"] == japanese


def test_openapi_document_and_docs_are_served(client):
    """The OpenAPI document names the API; the docs page renders."""
    schema = client.get(f"{BASE}/openapi.json").json()
    assert schema["info"]["title"] == "Cityhall API"
    assert schema["info"]["version"] == "1"
    assert "/api/v1/news/{id}" in schema["paths"]
    assert client.get(f"{BASE}/docs").status_code == 200


# --- sanitiser ----------------------------------------------------------------


def test_sanitiser_removes_scripts_handlers_and_javascript_links():
    """Only structural markup survives; dangerous content is removed."""
    html = sanitize_html(
        '<p onclick="x()" style="color:red">a<script>alert(1)</script>'
        '<a href="java\tscript:alert(1)">b</a><iframe src="//x"></iframe>'
        "<custom-el>c</custom-el></p>",
        absolute_url=lambda url: "http://h" + url,
    )
    assert html == "<p>a<a>b</a>c</p>"
