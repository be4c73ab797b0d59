"""The CKAN Action API, driven by the real ``ckanapi`` client against a live
server, and a harvester-style crawl of every package."""

from __future__ import annotations

import json

import pytest
import requests
from ckanapi import NotFound, RemoteCKAN, ValidationError

from cityhall.core.tests.factories import DepartmentFactory
from cityhall.opendata.models import ResourceFormat
from cityhall.opendata.services.datasets import group_create
from cityhall.opendata.services.resources import resource_upload
from cityhall.opendata.tests.factories import (
    dataset_make,
    resource_make,
    wifi_legacy_csv,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue():
    """Three published datasets (one with a loaded Wi-Fi table) and a draft."""
    parks = group_create(
        code="disaster", name="防災", name_translations={"en": "Disaster"}
    )
    wifi = dataset_make(
        name="wifi",
        title="公衆無線LANアクセスポイント一覧",
        title_translations={"en": "Public Wi-Fi access points"},
        notes="市内の無料Wi-Fiスポット",
        tags=["Wi-Fi", "観光"],
        groups=[parks],
        schema_key="wifi-access-points",
    )
    resource = resource_make(
        dataset=wifi, name="Wi-Fi一覧", schema_key="wifi-access-points"
    )
    version = resource_upload(
        resource=resource, data=wifi_legacy_csv(), filename="w.csv"
    )
    assert version.status == "valid"
    water = dataset_make(name="water-quality", title="水質検査結果", tags=["水道"])
    resource_make(
        dataset=water,
        name="検査結果PDF",
        format=ResourceFormat.LINK,
        url="https://example.org/water.pdf",
    )
    dataset_make(
        name="shelters", title="指定緊急避難場所一覧", groups=[parks], tags=["防災"]
    )
    dataset_make(name="secret-draft", title="非公開の下書き", published=False)
    return {"wifi": wifi, "resource": resource}


@pytest.fixture
def ckan(live_server):
    return RemoteCKAN(live_server.url, user_agent="cityhall-tests/1.0")


def test_package_list_lists_published_only(catalogue, ckan):
    """package_list returns every published dataset name, not drafts."""
    assert ckan.action.package_list() == ["shelters", "water-quality", "wifi"]


def test_package_show_by_name_and_id(catalogue, ckan):
    """package_show answers for the name and the UUID, with resources and tags."""
    by_name = ckan.action.package_show(id="wifi")
    by_id = ckan.action.package_show(id=by_name["id"])
    assert by_id["name"] == "wifi"
    assert by_name["title_translated"]["en"] == "Public Wi-Fi access points"
    assert by_name["license_id"] == "CC-BY-4.0"
    assert sorted(t["name"] for t in by_name["tags"]) == ["Wi-Fi", "観光"]
    assert by_name["organization"]["title"] == "防災課"
    (resource,) = by_name["resources"]
    assert resource["datastore_active"] is True
    assert resource["detected_encoding"] == "Shift_JIS (CP932)"


def test_package_show_unknown_and_draft_are_not_found(catalogue, ckan):
    """A draft is as absent as a name that does not exist (404 Not Found Error)."""
    for name in ("secret-draft", "nothing-here"):
        with pytest.raises(NotFound):
            ckan.action.package_show(id=name)


def test_package_search_finds_short_japanese_words(catalogue, ckan):
    """One- and two-character words find their datasets (substring search)."""
    assert [r["name"] for r in ckan.action.package_search(q="水")["results"]] == [
        "water-quality"
    ]
    found = ckan.action.package_search(q="避難")
    assert found["count"] == 1
    assert found["results"][0]["name"] == "shelters"
    # Katakana and full-width forms fold: ｗｉ－ｆｉ is Wi-Fi.
    assert ckan.action.package_search(q="ｗｉ")["count"] == 1


def test_package_search_fq_rows_start_sort_facets(catalogue, ckan):
    """fq filters on facet fields; rows/start page; facet.field counts."""
    result = ckan.action.package_search(
        fq="groups:disaster",
        sort="name asc",
        rows=1,
        start=1,
        **{"facet.field": json.dumps(["groups", "tags", "res_format"])},
    )
    assert result["count"] == 2
    assert [r["name"] for r in result["results"]] == ["wifi"]
    assert result["facets"]["groups"] == {"disaster": 2}
    assert result["facets"]["tags"] == {"Wi-Fi": 1, "観光": 1, "防災": 1}
    assert result["facets"]["res_format"] == {"CSV": 1}
    items = result["search_facets"]["groups"]["items"]
    assert items == [{"name": "disaster", "display_name": "防災", "count": 2}]


def test_organization_group_tag_lists(catalogue, ckan):
    """organization_list/show, group_list/show and tag_list describe the catalogue."""
    organisations = ckan.action.organization_list()
    assert len(organisations) == 3
    shown = ckan.action.organization_show(id=organisations[0], include_datasets=True)
    assert shown["package_count"] == 1
    assert len(shown["packages"]) == 1
    assert ckan.action.group_list() == ["disaster"]
    assert ckan.action.group_show(id="disaster")["package_count"] == 2
    assert ckan.action.tag_list() == ["Wi-Fi", "水道", "観光", "防災"]


def test_resource_show_and_datastore_search(catalogue, ckan):
    """datastore_search filters, searches, pages and counts a loaded table."""
    resource_id = str(catalogue["resource"].public_id)
    assert ckan.action.resource_show(id=resource_id)["name"] == "Wi-Fi一覧"
    everything = ckan.action.datastore_search(resource_id=resource_id)
    assert everything["total"] == 2
    assert [r["名称"] for r in everything["records"]] == [
        "大田原市役所",
        "那須与一伝承館",
    ]
    filtered = ckan.action.datastore_search(
        resource_id=resource_id, filters={"ID": "2"}, fields=["名称", "緯度"]
    )
    assert filtered["records"] == [{"名称": "那須与一伝承館", "緯度": 36.8512}]
    searched = ckan.action.datastore_search(resource_id=resource_id, q="ロビー")
    assert [r["ID"] for r in searched["records"]] == ["1"]
    paged = ckan.action.datastore_search(
        resource_id=resource_id, sort="ID desc", limit=1, offset=1
    )
    assert paged["total"] == 2
    assert [r["ID"] for r in paged["records"]] == ["1"]


def test_datastore_search_unknown_field_is_a_validation_error(catalogue, ckan):
    """A filter on a field the table lacks answers 409 Validation Error."""
    with pytest.raises(ValidationError) as raised:
        ckan.action.datastore_search(
            resource_id=str(catalogue["resource"].public_id), filters={"nope": "1"}
        )
    assert "filters" in raised.value.error_dict


def test_envelope_and_status_codes(catalogue, live_server):
    """CKAN's exact envelope: help/success/result; errors with __type and message."""
    url = f"{live_server.url}/api/3/action/"
    ok = requests.get(url + "package_show", params={"id": "wifi"}, timeout=10)
    assert ok.status_code == 200
    body = ok.json()
    assert set(body) == {"help", "success", "result"}
    assert body["success"] is True
    assert body["help"].endswith("/api/3/action/help_show?name=package_show")

    missing = requests.get(url + "package_show", params={"id": "nope"}, timeout=10)
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "__type": "Not Found Error",
        "message": "Dataset not found",
    }
    assert missing.json()["success"] is False

    invalid = requests.post(url + "package_show", json={}, timeout=10)
    assert invalid.status_code == 409
    assert invalid.json()["error"]["__type"] == "Validation Error"
    assert invalid.json()["error"]["id"] == ["Missing value"]

    bad_json = requests.post(
        url + "package_show",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert bad_json.status_code == 400
    assert bad_json.json().startswith("Bad request - JSON Error")

    unknown = requests.get(url + "package_create", timeout=10)
    assert unknown.status_code == 400
    assert unknown.json() == "Bad request - Action name not known: package_create"

    unversioned = requests.post(
        f"{live_server.url}/api/action/package_search", json={"q": "水"}, timeout=10
    )
    assert unversioned.json()["result"]["count"] == 1


def test_harvester_crawl_of_every_package(catalogue, live_server):
    """A harvester pages through package_search and fetches every package and
    every resource URL it finds."""
    ckan = RemoteCKAN(live_server.url)
    status = ckan.action.status_show()
    assert status["ckan_version"].startswith("2.")
    names = set(ckan.action.package_list())
    seen = set()
    start = 0
    while True:
        page = ckan.action.package_search(q="*:*", rows=2, start=start, sort="name asc")
        if not page["results"]:
            break
        for package in page["results"]:
            full = ckan.action.package_show(id=package["id"])
            seen.add(full["name"])
            for resource in full["resources"]:
                if resource["url_type"] == "upload":
                    download = requests.get(resource["url"], timeout=10)
                    assert download.status_code == 200
                    assert download.content.startswith(
                        "全国地方公共団体コード".encode()
                    )
        start += 2
    assert seen == names == {"shelters", "water-quality", "wifi"}
    assert page["count"] == 3


@pytest.mark.parametrize("count", [1, 20])
def test_package_search_query_count(count, client, django_assert_num_queries):
    """package_search with facets costs the same queries for 1 and 20 datasets:
    the matches in order (count, page, organisation facet and titles), the
    page's fingerprints and the tag facet once the page's package dicts are
    remembered; the first time also the page's datasets with their tags,
    groups and resources."""
    for number in range(count):
        dataset = dataset_make(name=f"set-{number}", title=f"水質{number}", tags=["水"])
        resource_make(dataset=dataset)
    params = {"q": "水", "rows": 50, "facet.field": '["tags","organization"]'}
    with django_assert_num_queries(7):
        first = client.get("/api/3/action/package_search", params)
    with django_assert_num_queries(3):
        again = client.get("/api/3/action/package_search", params)
    assert again.json()["result"]["count"] == count
    assert again.content == first.content


def test_package_search_single_valued_facets_count_every_match(client):
    """The organisation and licence facets count every match, not only the
    page, and the organisation's items carry the division's name."""
    water = DepartmentFactory(name="水道課", code="water")
    for number in range(3):
        dataset_make(name=f"pipe-{number}", title=f"水道管{number}", organisation=water)
    dataset_make(name="well", title="井戸水", license_id="CC0-1.0")
    dataset_make(name="fire", title="消防水利", organisation=None)
    dataset_make(name="park", title="公園")
    response = client.get(
        "/api/3/action/package_search",
        {"q": "水", "rows": 1, "facet.field": '["organization","license_id"]'},
    )
    result = response.json()["result"]
    assert result["count"] == 5
    assert len(result["results"]) == 1
    assert result["facets"]["organization"]["water"] == 3
    assert sum(result["facets"]["organization"].values()) == 4
    assert result["facets"]["license_id"] == {"CC-BY-4.0": 4, "CC0-1.0": 1}
    items = result["search_facets"]["organization"]["items"]
    assert items[0] == {"name": "water", "display_name": "水道課", "count": 3}


def test_package_search_without_matches_has_empty_facets(client):
    """A search that finds nothing answers a zero count and empty facets."""
    dataset_make(name="park", title="公園", tags=["緑"])
    response = client.get(
        "/api/3/action/package_search",
        {"q": "存在しない", "facet.field": '["organization","tags","groups"]'},
    )
    result = response.json()["result"]
    assert result["count"] == 0
    assert result["results"] == []
    assert result["facets"] == {"organization": {}, "tags": {}, "groups": {}}
