"""DCAT catalogues: /catalog.jsonld (DCAT-AP) and /data.json (DCAT-US 1.1) carry
the fields those profiles require, for published datasets only."""

from __future__ import annotations

import datetime as dt

import pytest

from cityhall.core.tests.factories import MunicipalityFactory
from cityhall.opendata.services.resources import resource_upload
from cityhall.opendata.tests.factories import (
    dataset_make,
    resource_make,
    wifi_legacy_csv,
)

pytestmark = pytest.mark.django_db

DCAT_US_REQUIRED = {
    "title",
    "description",
    "keyword",
    "modified",
    "publisher",
    "contactPoint",
    "identifier",
    "accessLevel",
}


@pytest.fixture
def published():
    MunicipalityFactory(email="info@example.jp")
    dataset = dataset_make(
        name="wifi",
        title="公衆無線LAN",
        title_translations={"en": "Public Wi-Fi"},
        notes="無料Wi-Fi",
        tags=["Wi-Fi"],
        contact_name="情報政策課",
        contact_email="joho@example.jp",
        spatial="大田原市",
        spatial_bbox=[139.92, 36.76, 140.27, 36.95],
        temporal_start=dt.date(2026, 4, 1),
        temporal_end=dt.date(2027, 3, 31),
        schema_key="wifi-access-points",
    )
    resource = resource_make(dataset=dataset, schema_key="wifi-access-points")
    resource_upload(resource=resource, data=wifi_legacy_csv(), filename="w.csv")
    dataset_make(name="draft-one", published=False)
    return dataset


def test_dcat_us_data_json_has_required_fields(client, published):
    """Every dataset in data.json has DCAT-US 1.1's required fields."""
    catalog = client.get("/data.json").json()
    assert catalog["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert catalog["@type"] == "dcat:Catalog"
    (entry,) = catalog["dataset"]
    assert set(entry) >= DCAT_US_REQUIRED
    assert entry["identifier"] == str(published.public_id)
    assert entry["keyword"] == ["Wi-Fi"]
    assert entry["accessLevel"] == "public"
    assert entry["contactPoint"] == {
        "@type": "vcard:Contact",
        "fn": "情報政策課",
        "hasEmail": "mailto:joho@example.jp",
    }
    assert entry["publisher"]["name"] == "防災課"
    assert entry["temporal"] == "2026-04-01/2027-03-31"
    assert entry["license"] == "https://creativecommons.org/licenses/by/4.0/"
    downloads = [d for d in entry["distribution"] if "downloadURL" in d]
    assert {d["mediaType"] for d in downloads} == {"text/csv", "application/json"}
    csv = next(d for d in downloads if d["mediaType"] == "text/csv")
    assert client.get(csv["downloadURL"]).status_code == 200
    assert client.get(csv["describedBy"]).json()["name"] == "wifi-access-points"


def test_dcat_ap_catalog_has_mandatory_properties(client, published):
    """catalog.jsonld: a dcat:Catalog with title/description/publisher, and
    datasets with title, description and distributions with accessURL."""
    response = client.get("/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    catalog = response.json()
    assert catalog["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert catalog["@type"] == "dcat:Catalog"
    assert {"dct:title", "dct:description", "dct:publisher", "dcat:dataset"} <= set(
        catalog
    )
    (dataset,) = catalog["dcat:dataset"]
    assert dataset["@type"] == "dcat:Dataset"
    assert {"@value": "Public Wi-Fi", "@language": "en"} in dataset["dct:title"]
    assert dataset["dct:description"][0] == {"@value": "無料Wi-Fi", "@language": "ja"}
    assert dataset["dct:accrualPeriodicity"]["@id"].endswith("/IRREG")
    assert dataset["dcat:contactPoint"]["vcard:hasEmail"] == {
        "@id": "mailto:joho@example.jp"
    }
    assert dataset["dct:spatial"]["dcat:bbox"]["@value"].startswith(
        "POLYGON((139.92 36.76"
    )
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == "2026-04-01"
    assert len(dataset["dcat:distribution"]) == 2
    for distribution in dataset["dcat:distribution"]:
        assert distribution["dcat:accessURL"]["@id"].startswith(
            "http://testserver/opendata/files/"
        )
        assert distribution["dct:license"]["@id"].endswith("/by/4.0/")


def test_datapackage_json_describes_the_tables(client, published):
    """datapackage.json is a Frictionless Data Package with the table's schema."""
    package = client.get("/opendata/files/dataset/wifi/datapackage.json").json()
    assert package["profile"] == "data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    (resource,) = package["resources"]
    assert resource["profile"] == "tabular-data-resource"
    assert resource["schema"]["primaryKey"] == ["ID"]
    assert resource["schema"]["fields"][8] == {
        "name": "緯度",
        "type": "number",
        "constraints": {"minimum": -90, "maximum": 90},
        "description": "WGS 84 latitude, decimal degrees",
    }
    assert (
        client.get("/opendata/files/dataset/draft-one/datapackage.json").status_code
        == 404
    )


def test_downloads_of_drafts_are_not_found(client):
    """A draft dataset's resource cannot be downloaded."""
    dataset = dataset_make(published=False)
    resource = resource_make(dataset=dataset, schema_key="wifi-access-points")
    resource_upload(resource=resource, data=wifi_legacy_csv(), filename="w.csv")
    for suffix in (
        "data.csv",
        "data-shift_jis.csv",
        "data.json",
        "data.geojson",
        "original",
    ):
        url = f"/opendata/files/resource/{resource.public_id}/{suffix}"
        assert client.get(url).status_code == 404


def test_shift_jis_download_endpoint(client, published):
    """The Shift_JIS endpoint serves CP932 bytes that decode to the UTF-8 CSV."""
    resource = published.resources.get()
    base = f"/opendata/files/resource/{resource.public_id}/"
    utf8 = b"".join(client.get(base + "data.csv").streaming_content).decode("utf-8")
    sjis = b"".join(client.get(base + "data-shift_jis.csv").streaming_content)
    assert sjis.decode("cp932") == utf8
    assert utf8.startswith("全国地方公共団体コード,ID,")
