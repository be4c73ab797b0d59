"""The public portal: faceted, Japanese-aware search, paging, dataset pages."""

from __future__ import annotations

import pytest

from cityhall.core.tests.factories import DepartmentFactory, MunicipalityFactory
from cityhall.opendata.services.datasets import group_create
from cityhall.opendata.services.resources import resource_upload
from cityhall.opendata.tests.factories import dataset_make, resource_make, wifi_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality():
    return MunicipalityFactory(enabled_languages=["ja", "en", "zh-hans", "ko"])


@pytest.fixture
def catalogue(municipality):
    """Three datasets: shelters (防災課, theme 防災), water (水道課), a draft."""
    bousai = DepartmentFactory(municipality=municipality, code="bousai", name="防災課")
    suido = DepartmentFactory(municipality=municipality, code="suido", name="水道課")
    theme = group_create(
        code="disaster", name="防災", name_translations={"en": "Disaster"}
    )
    shelters = dataset_make(
        name="shelters",
        title="指定緊急避難場所一覧",
        title_translations={"en": "Emergency evacuation sites"},
        organisation=bousai,
        tags=["避難所", "防災"],
        groups=[theme],
    )
    water = dataset_make(
        name="water", title="水質検査結果", organisation=suido, tags=["水道"]
    )
    resource_make(dataset=water, format="PDF", name="報告書")
    dataset_make(
        name="secret", title="下書きの避難データ", organisation=bousai, published=False
    )
    return {"shelters": shelters, "water": water}


def _names(response):
    return [d.name for d in response.context["datasets"]]


def test_index_lists_published_datasets_only(client, catalogue):
    response = client.get("/opendata/")
    assert response.status_code == 200
    assert sorted(_names(response)) == ["shelters", "water"]
    assert "下書き" not in response.content.decode()


@pytest.mark.parametrize(
    ("word", "expected"), [("水", ["water"]), ("避難", ["shelters"])]
)
def test_one_and_two_character_words_find_their_datasets(
    client, catalogue, word, expected
):
    response = client.get("/opendata/", {"q": word})
    assert _names(response) == expected


def test_facet_filter_and_its_labels(client, catalogue):
    """Filtering by division keeps one dataset; the facet shows the division's name
    and a link that removes the filter."""
    response = client.get("/opendata/", {"organization": "suido"})
    assert _names(response) == ["water"]
    facet = next(f for f in response.context["facets"] if f.parameter == "organization")
    option = next(o for o in facet.options if o.value == "suido")
    assert option.selected and option.label == "水道課"
    assert "organization=" not in option.url


def test_format_and_group_facets(client, catalogue):
    assert _names(client.get("/opendata/", {"format": "PDF"})) == ["water"]
    assert _names(client.get("/opendata/", {"group": "disaster"})) == ["shelters"]


def test_colon_in_the_words_is_not_a_field_clause(client, catalogue):
    response = client.get("/opendata/", {"q": "name:water"})
    assert response.status_code == 200
    assert response.context["error"] == ""


def test_group_and_organisation_pages(client, catalogue):
    assert _names(client.get("/en/opendata/group/disaster/")) == ["shelters"]
    response = client.get("/opendata/organization/bousai/")
    assert _names(response) == ["shelters"]
    assert client.get("/opendata/group/nothing/").status_code == 404


def test_dataset_page_in_english(client, catalogue):
    response = client.get("/en/opendata/dataset/shelters/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Emergency evacuation sites</h1>" in html
    assert "/opendata/files/dataset/shelters/datapackage.json" in html


def test_draft_dataset_page_is_404(client, catalogue):
    assert client.get("/opendata/dataset/secret/").status_code == 404


def test_dataset_page_previews_the_table_and_links_every_download(client, municipality):
    dataset = dataset_make(
        name="wifi", title="公衆無線LAN", schema_key="wifi-access-points"
    )
    resource = resource_make(dataset=dataset, schema_key="wifi-access-points")
    resource_upload(resource=resource, data=wifi_csv(), filename="wifi.csv")
    html = client.get("/opendata/dataset/wifi/").content.decode()
    assert "那須与一伝承館" in html  # a row of the preview
    base = f"/opendata/files/resource/{resource.public_id}/"
    for name in ("data.csv", "data-shift_jis.csv", "data.json", "data.geojson"):
        assert base + name in html


def test_paging(client, municipality):
    for number in range(23):
        dataset_make(name=f"set-{number:02d}", title=f"統計{number}")
    first = client.get("/opendata/", {"q": "統計"})
    assert len(first.context["datasets"]) == 20
    assert first.context["pages"] == 2
    second = client.get("/opendata/", {"q": "統計", "page": "2"})
    assert len(second.context["datasets"]) == 3


@pytest.mark.parametrize("rows", [1, 20])
def test_index_query_count(client, municipality, django_assert_num_queries, rows):
    """The catalogue page costs the same number of queries for 1 and 20 datasets."""
    theme = group_create(code="stats", name="統計")
    for number in range(rows):
        dataset = dataset_make(
            name=f"ds-{number}",
            title=f"データ{number}",
            tags=[f"t{number}"],
            groups=[theme],
        )
        resource_make(dataset=dataset, format="PDF")
    client.get("/opendata/")  # warm the site chrome's cache
    with django_assert_num_queries(10):
        response = client.get("/opendata/")
    assert len(response.context["datasets"]) == rows
