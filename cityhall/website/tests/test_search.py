"""The search page: form, results, count announcement, errors, pagination."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.text import capfirst

from cityhall.common.search.indexing import SearchDocument, search_entries_replace
from cityhall.common.search.query import MAX_QUERY_LENGTH
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return f.site_home()


def test_empty_search_page_shows_a_labelled_form(client, home):
    """Without a query the page is a search form with a label and no status."""
    response = client.get("/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="search-q">' in html
    assert 'id="search-q"' in html
    assert 'role="search"' in html
    assert 'role="status"' not in html
    assert html.count("<h1") == 1


def test_results_are_listed_with_marked_snippets(client, home):
    """A matching page is linked, its match marked, the count announced."""
    page = f.add_article(home, title="住民税の納付", body="年4回に分けて納めます")
    response = client.get("/search/", {"q": "住民"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{page.url}"' in html
    assert "<mark>住民</mark>税の納付" in html
    assert 'id="search-status" role="status"' in html


def test_no_results_shows_help(client, home):
    """A search without matches announces zero results and shows tips."""
    response = client.get("/search/", {"q": "存在しない言葉"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="status"' in html
    assert 'id="search-help-heading"' in html


def test_too_long_query_is_refused_with_a_linked_message(client, home):
    """An over-long query gets a 400 and an error tied to the input."""
    f.add_article(home, title="税")
    with translation.override("en"):
        response = client.get("/search/", {"q": "税" * (MAX_QUERY_LENGTH + 1)})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="search-q-error"' in html
    assert 'aria-describedby="search-q-hint search-q-error"' in html
    assert 'aria-invalid="true"' in html
    assert "search-result" not in html


def test_results_are_paginated_by_ten(client, home):
    """Eleven matches give ten on page 1 and one on page 2."""
    for number in range(11):
        f.add_article(home, title=f"税{number}")
    first = client.get("/search/", {"q": "税"}).content.decode()
    second = client.get("/search/", {"q": "税", "page": "2"}).content.decode()
    assert first.count('class="search-result"') == 10
    assert second.count('class="search-result"') == 1
    assert 'aria-current="page">' in second


def test_search_under_a_language_prefix_uses_that_language(client, home):
    """/en/search/ searches the English pages."""
    page = f.add_article(home, title="住民税")
    f.translate(home, "en", title="Home")
    f.translate(page, "en", title="Resident tax")
    response = client.get("/en/search/", {"q": "tax"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Resident <mark>tax</mark>" in html
    assert '<html lang="en"' in html


def test_query_is_escaped(client, home):
    """Markup typed into the box is shown as text, never interpreted."""
    response = client.get("/search/", {"q": "<script>x</script>"})
    assert b"<script>x</script>" not in response.content


def test_untranslated_result_is_marked_with_its_language(client, home):
    """On the English page, a Japanese page shown untranslated (an alias) is
    wrapped in lang="ja"; a translated one is not."""
    page = f.add_article(home, title="住民票の写し")
    translated = f.add_article(home, title="住民税")
    f.translate(home, "en", title="Home")
    f.alias(page, "en")
    f.translate(translated, "en", title="Resident tax 住民")
    html = client.get("/en/search/", {"q": "住民"}).content.decode()
    assert html.count('<div lang="ja">') == 1
    assert html.index('<div lang="ja">') < html.index("票の写し")


def test_other_kinds_of_objects_are_listed(client, home):
    """An object another app indexes (not a page) is found and linked, labelled
    with its model's name."""
    group = Group.objects.create(name="窓口")
    search_entries_replace(
        obj=group,
        documents=[
            SearchDocument(
                language_code="ja",
                url_path="/facilities/madoguchi/",
                title="市民課の窓口",
                body="住民票の受付",
                public_key=uuid.uuid4(),
                kind="auth.group",
            )
        ],
    )
    with translation.override("ja"):
        label = capfirst(str(Group._meta.verbose_name))
    html = client.get("/search/", {"q": "窓口"}).content.decode()
    assert 'href="/facilities/madoguchi/"' in html
    assert "市民課の<mark>窓口</mark>" in html
    assert f"<span>{label}</span>" in html


@pytest.mark.parametrize("query", ["\x00", "\x00\x01", "\x1b", "\u200b"])
def test_control_characters_are_an_empty_query(client, home, query):
    """?q=%00 (or another control character) shows the empty search form, as
    ?q= does, instead of listing every page."""
    f.add_article(home, title="住民税の納付", body="年4回に分けて納めます")
    empty = client.get("/search/", {"q": ""})
    response = client.get("/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="search-q"' in html
    assert 'role="status"' not in html
    assert "search-result" not in html
    assert "\x00" not in html
    assert response.context["query"] == empty.context["query"] == ""
    assert response.context["page_obj"] is None
