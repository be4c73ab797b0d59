"""Core's API router: municipality profile and departments under /api/v1/."""

from __future__ import annotations

import uuid

import pytest

from cityhall.common.tests.api_assertions import assert_error_shape
from cityhall.core.tests import factories as f

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


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
