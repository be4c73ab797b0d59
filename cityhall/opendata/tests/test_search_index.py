"""Published datasets in the site search (/search/): indexed in every language
when published or changed, gone when withdrawn or deleted, rebuilt on demand."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from cityhall.common.models import SearchEntry
from cityhall.common.search.sources import search_sources
from cityhall.core.tests.factories import DepartmentFactory
from cityhall.opendata.services.datasets import (
    dataset_unpublish,
    dataset_update,
    group_create,
)
from cityhall.opendata.tests.factories import dataset_make, resource_make
from cityhall.website.tests import factories as wf

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return wf.site_home()


@pytest.fixture
def shelters(home):
    """A published dataset with an English title, tags, a division and a theme."""
    division = DepartmentFactory(
        code="kiki-kanri", name="危機管理課", name_translations={"en": "Crisis Office"}
    )
    theme = group_create(
        code="disaster", name="防災", name_translations={"en": "Disaster"}
    )
    return dataset_make(
        name="evacuation-sites",
        title="指定緊急避難場所一覧",
        title_translations={"en": "Designated emergency evacuation sites"},
        notes="災害時に身を守るための避難場所。",
        notes_translations={"en": "Places to go to in a disaster."},
        organisation=division,
        tags=["避難所"],
        groups=[theme],
    )


def _result_links(client, path: str, query: str) -> list[str]:
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return [result.entry.url_path for result in response.context["results"]]


def test_datasets_are_a_registered_search_source():
    """The open-data app registers its datasets with the site search."""
    assert "datasets" in [source.name for source in search_sources()]


def test_two_character_word_finds_a_published_dataset(client, shelters):
    """避難 finds the dataset on /search/, linked to its portal page and
    labelled as a dataset."""
    response = client.get("/search/", {"q": "避難"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/opendata/dataset/evacuation-sites/"' in html
    assert "指定緊急<mark>避難</mark>場所一覧" in html
    with translation.override("ja"):
        label = capfirst(gettext("dataset"))
    assert f"<span>{label}</span>" in html


@pytest.mark.parametrize("word", ["防災", "危機", "避難所", "災害", "守"])
def test_theme_division_tag_and_description_find_the_dataset(client, shelters, word):
    """A word of its theme, division, tag or description finds the dataset,
    one-character words included."""
    assert _result_links(client, "/search/", word) == [
        "/opendata/dataset/evacuation-sites/"
    ]


def test_translated_dataset_is_found_in_its_language(client, shelters):
    """/en/search/ finds the English title and links to the English portal
    page; the result is not marked as Japanese."""
    response = client.get("/en/search/", {"q": "evacuation"})
    html = response.content.decode()
    assert [r.entry.url_path for r in response.context["results"]] == [
        "/en/opendata/dataset/evacuation-sites/"
    ]
    assert "Designated emergency <mark>evacuation</mark> sites" in html
    assert '<div lang="ja">' not in html
    assert _result_links(client, "/en/search/", "crisis") == [
        "/en/opendata/dataset/evacuation-sites/"
    ]


def test_untranslated_dataset_is_found_in_japanese_from_another_language(client, home):
    """A dataset with only a Japanese title is found from /ko/search/ with its
    Japanese text, marked lang="ja"."""
    dataset_make(name="water", title="水質検査結果")
    response = client.get("/ko/search/", {"q": "水質"})
    html = response.content.decode()
    assert [r.entry.url_path for r in response.context["results"]] == [
        "/ko/opendata/dataset/water/"
    ]
    assert '<div lang="ja">' in html


def test_draft_dataset_is_not_found(client, home):
    """A dataset never published has no entry."""
    dataset_make(name="secret", title="下書きの避難データ", published=False)
    dataset_make(name="open", title="公開の避難データ")
    assert _result_links(client, "/search/", "避難") == ["/opendata/dataset/open/"]


def test_withdrawn_dataset_is_no_longer_found(client, shelters):
    """Taking a dataset back to draft removes it from the search in every
    language."""
    assert _result_links(client, "/search/", "避難")
    dataset_unpublish(dataset=shelters)
    assert _result_links(client, "/search/", "避難") == []
    assert _result_links(client, "/en/search/", "evacuation") == []
    assert not SearchEntry.objects.filter(object_id=shelters.pk).exists()


def test_changed_metadata_and_new_resource_are_searchable(client, shelters):
    """A new title replaces the old one; a resource's name is found."""
    dataset_update(dataset=shelters, title="避難所一覧")
    resource_make(dataset=shelters, name="収容人数表")
    assert _result_links(client, "/search/", "緊急") == []
    assert _result_links(client, "/search/", "収容") == [
        "/opendata/dataset/evacuation-sites/"
    ]


def test_deleted_dataset_leaves_no_entry(shelters):
    """Deleting a dataset removes its entries."""
    assert SearchEntry.objects.filter(object_id=shelters.pk).count() >= 2
    pk = shelters.pk
    shelters.delete()
    assert not SearchEntry.objects.filter(
        object_id=pk, content_type_label="opendata.dataset"
    ).exists()


def test_rebuild_reindexes_published_datasets_only(client, shelters):
    """rebuild_search_index restores the entries of published datasets and
    none for drafts."""
    dataset_make(name="secret", title="下書きの避難データ", published=False)
    SearchEntry.objects.all().delete()
    assert _result_links(client, "/search/", "避難") == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert _result_links(client, "/search/", "避難") == [
        "/opendata/dataset/evacuation-sites/"
    ]
    assert _result_links(client, "/en/search/", "evacuation") == [
        "/en/opendata/dataset/evacuation-sites/"
    ]
