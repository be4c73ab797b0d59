"""package_search's per-process memo of package dicts: the same bytes as the
un-memoised builder, and every edit visible on the very next request."""

from __future__ import annotations

import json

import pytest

from cityhall.core.services.organisation import department_update
from cityhall.core.tests.factories import DepartmentFactory
from cityhall.opendata.ckan import package_memo
from cityhall.opendata.models import Dataset, Resource, ResourceFormat
from cityhall.opendata.services.datasets import (
    dataset_unpublish,
    dataset_update,
    group_create,
)
from cityhall.opendata.services.resources import resource_delete, resource_upload
from cityhall.opendata.tests.factories import (
    dataset_make,
    resource_make,
    wifi_legacy_csv,
)

pytestmark = pytest.mark.django_db

SEARCH = "/api/3/action/package_search"


@pytest.fixture
def catalogue():
    """Five published datasets with divisions, themes, tags, a link and a table."""
    water = DepartmentFactory(name="水道課", code="water")
    theme = group_create(code="life", name="くらし", name_translations={"en": "Life"})
    wifi = dataset_make(
        name="wifi",
        title="公衆無線LAN",
        title_translations={"en": "Public Wi-Fi"},
        tags=["Wi-Fi", "観光"],
        groups=[theme],
    )
    table = resource_make(
        dataset=wifi, name="Wi-Fi一覧", schema_key="wifi-access-points"
    )
    resource_upload(resource=table, data=wifi_legacy_csv(), filename="w.csv")
    for number in range(3):
        pipe = dataset_make(
            name=f"pipe-{number}",
            title=f"水道管{number}",
            organisation=water,
            tags=["水道"],
            license_id="CC0-1.0" if number else "CC-BY-4.0",
        )
        resource_make(
            dataset=pipe,
            name="地図",
            format=ResourceFormat.LINK,
            url=f"https://example.org/{number}.pdf",
        )
    dataset_make(name="shelters", title="避難所", groups=[theme], organisation=None)
    return {"water": water, "theme": theme, "wifi": wifi, "table": table}


def _search(client, params, **headers):
    response = client.get(SEARCH, params, **headers)
    assert response.status_code == 200
    return response


def _results(client, params, **headers):
    return _search(client, params, **headers).json()["result"]["results"]


REQUESTS = [
    {},
    {"q": "水道", "rows": 2},
    {"q": "*:*", "sort": "name asc", "rows": 3, "start": 2},
    {"fq": "groups:life", "facet.field": '["tags","organization","groups"]'},
    {"q": "wifi", "facet.field": '["res_format","license_id"]'},
]


@pytest.mark.parametrize("params", REQUESTS)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_memoised_search_is_byte_identical(catalogue, client, params, language):
    """A search answered from the memo has the very bytes of the first
    (built) answer, and each result is package_show's dict for that dataset."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    built = _search(client, params, **headers).content
    remembered = _search(client, params, **headers).content
    assert remembered == built
    for result in json.loads(built)["result"]["results"]:
        shown = client.get(
            "/api/3/action/package_show", {"id": result["id"]}, **headers
        ).json()["result"]
        assert result == shown


def test_base_url_is_part_of_the_key(catalogue, client):
    """Resource URLs follow the scheme and host asked for, not the ones first
    remembered."""
    (plain,) = _results(client, {"q": "wifi"})
    assert plain["resources"][0]["url"].startswith("http://testserver/")
    response = client.get(SEARCH, {"q": "wifi"}, secure=True)
    (package,) = response.json()["result"]["results"]
    assert package["resources"][0]["url"].startswith("https://testserver/")


def test_division_rename_is_seen_on_the_next_request(catalogue, client):
    """Renaming the 担当課 changes the memoised packages' organisation at once."""
    assert _results(client, {"q": "水道管0"})[0]["organization"]["title"] == "水道課"
    department_update(
        department=catalogue["water"], values={"name": "上下水道課"}, updated_by=None
    )
    (package,) = _results(client, {"q": "水道管0"})
    assert package["organization"]["title"] == "上下水道課"
    assert package["author"] == "上下水道課"


def test_theme_rename_is_seen_on_the_next_request(catalogue, client):
    """Renaming a theme (saved as the admin does) changes the packages' groups."""
    assert _results(client, {"q": "避難所"})[0]["groups"][0]["title"] == "くらし"
    theme = catalogue["theme"]
    theme.name = "暮らし"
    theme.save()
    assert _results(client, {"q": "避難所"})[0]["groups"][0]["title"] == "暮らし"


def test_dataset_edit_is_seen_on_the_next_request(catalogue, client):
    """A title edit, then a tag edit, of a dataset each show on the next search."""
    _search(client, {"q": "避難所"})
    dataset_update(dataset=Dataset.objects.get(name="shelters"), title="指定避難所")
    (package,) = _results(client, {"q": "避難所"})
    assert package["title"] == "指定避難所"
    dataset_update(dataset=Dataset.objects.get(name="shelters"), tags=["防災"])
    (package,) = _results(client, {"q": "避難所"})
    assert [tag["name"] for tag in package["tags"]] == ["防災"]


def test_resource_changes_are_seen_on_the_next_request(catalogue, client):
    """A new resource, a new live version and a deleted resource show at once."""
    (before,) = _results(client, {"q": "wifi"})
    resource_upload(
        resource=catalogue["table"], data=wifi_legacy_csv(), filename="w2.csv"
    )
    (uploaded,) = _results(client, {"q": "wifi"})
    assert uploaded["resources"][0]["version"] == before["resources"][0]["version"] + 1
    extra = resource_make(dataset=catalogue["wifi"], name="追加")
    assert _results(client, {"q": "wifi"})[0]["num_resources"] == 2
    resource_delete(resource=Resource.objects.get(pk=extra.pk))
    resource_delete(resource=Resource.objects.get(pk=catalogue["table"].pk))
    (after,) = _results(client, {"q": "wifi"})
    assert after["resources"] == []


def test_unpublished_dataset_leaves_the_results(catalogue, client):
    """A dataset unpublished after it was remembered is no longer returned."""
    assert len(_results(client, {"q": "水道管"})) == 3
    dataset_unpublish(dataset=Dataset.objects.get(name="pipe-1"))
    names = [p["name"] for p in _results(client, {"q": "水道管"})]
    assert sorted(names) == ["pipe-0", "pipe-2"]


def test_memo_is_bounded(catalogue, client, monkeypatch):
    """The memo keeps at most MEMO_SIZE dicts, dropping the least recent."""
    monkeypatch.setattr(package_memo, "MEMO_SIZE", 2)
    _search(client, {"q": "*:*", "rows": 5})
    assert len(package_memo._memo) == 2
