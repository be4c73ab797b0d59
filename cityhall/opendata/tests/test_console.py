"""Staff console: who may manage open data, the screens, uploads with their
report, publishing, and the list's query count."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cityhall.core.models import Role
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.tests.factories import (
    DepartmentFactory,
    RoleAssignmentFactory,
    StaffFactory,
    totp_device_for,
)
from cityhall.opendata.models import Dataset, DatasetState, VersionStatus
from cityhall.opendata.tests.factories import (
    WIFI_HEADER,
    WIFI_ROWS,
    csv_bytes,
    dataset_make,
    resource_make,
    wifi_legacy_csv,
)

pytestmark = pytest.mark.django_db
NO_PASSWORD = "!"


def _signed_in(client, role):
    user = StaffFactory(password=NO_PASSWORD)
    RoleAssignmentFactory(user=user, role=role)
    role_groups_sync(user=user)
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user


@pytest.fixture
def editor(client):
    return _signed_in(client, Role.WEB_EDITOR)


@pytest.mark.parametrize("role", [Role.WEB_EDITOR, Role.SYSTEM_ADMIN])
def test_open_data_roles_see_the_list(client, role):
    _signed_in(client, role)
    dataset_make(name="shown", title="見える", published=False)
    response = client.get("/admin/opendata/")
    assert response.status_code == 200
    assert "見える" in response.content.decode()


@pytest.mark.parametrize("role", [Role.GENERAL_STAFF, Role.CISO])
def test_other_roles_are_refused(client, role):
    _signed_in(client, role)
    dataset = dataset_make(name="hidden")
    assert client.get("/admin/opendata/").status_code == 403
    assert client.get(f"/admin/opendata/{dataset.public_id}/").status_code == 403
    response = client.post(
        f"/admin/opendata/{dataset.public_id}/state/", {"action": "unpublish"}
    )
    assert response.status_code == 403
    dataset.refresh_from_db()
    assert dataset.state == DatasetState.PUBLISHED


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/admin/opendata/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_create_then_publish(client, editor):
    division = DepartmentFactory(code="kikaku", name="企画課")
    response = client.post(
        "/admin/opendata/new/",
        {
            "name": "aed",
            "title": "AED設置箇所一覧",
            "organisation": division.pk,
            "tags": "AED, 救命",
            "license_id": "CC-BY-4.0",
            "update_frequency": "monthly",
            "schema_key": "aed-locations",
        },
    )
    dataset = Dataset.objects.get(name="aed")
    assert response.status_code == 302
    assert dataset.state == DatasetState.DRAFT
    assert sorted(dataset.tags.values_list("name", flat=True)) == ["AED", "救命"]
    client.post(f"/admin/opendata/{dataset.public_id}/state/", {"action": "publish"})
    dataset.refresh_from_db()
    assert dataset.state == DatasetState.PUBLISHED


def test_bad_name_is_a_form_error_and_creates_nothing(client, editor):
    division = DepartmentFactory()
    response = client.post(
        "/admin/opendata/new/",
        {
            "name": "Bad Name",
            "title": "x",
            "organisation": division.pk,
            "license_id": "CC-BY-4.0",
            "update_frequency": "monthly",
        },
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Dataset.objects.exists()


def test_upload_shows_the_report_and_rejects_with_row_and_column(client, editor):
    dataset = dataset_make(name="wifi", schema_key="wifi-access-points")
    resource = resource_make(dataset=dataset, schema_key="wifi-access-points")
    url = f"/admin/opendata/{dataset.public_id}/resources/{resource.public_id}/upload/"
    good = client.post(url, {"file": SimpleUploadedFile("wifi.csv", wifi_legacy_csv())})
    assert good.status_code == 200
    assert "Shift_JIS" in good.content.decode() or "CP932" in good.content.decode()
    resource.refresh_from_db()
    live = resource.current_version_id
    assert live is not None
    rows = [(r[0], r[1], r[2] + r[3], *r[4:]) for r in WIFI_ROWS]
    broken = list(rows[1])
    broken[WIFI_HEADER.index("緯度")] = "北緯36度"
    data = csv_bytes(WIFI_HEADER, [rows[0], tuple(broken)], encoding="utf-8")
    bad = client.post(url, {"file": SimpleUploadedFile("bad.csv", data)})
    html = bad.content.decode()
    assert bad.status_code == 422
    assert "<td>3</td><td>緯度" in html
    resource.refresh_from_db()
    assert resource.current_version_id == live
    assert resource.versions.filter(status=VersionStatus.INVALID).count() == 1


def test_unknown_dataset_is_404(client, editor):
    assert (
        client.get("/admin/opendata/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )


@pytest.mark.parametrize("rows", [1, 20])
def test_list_query_count(client, editor, django_assert_num_queries, rows):
    division = DepartmentFactory()
    for number in range(rows):
        dataset = dataset_make(name=f"d-{number}", organisation=division, tags=["t"])
        resource_make(dataset=dataset, format="PDF")
    client.get("/admin/opendata/")
    with django_assert_num_queries(15):
        response = client.get("/admin/opendata/")
    assert response.status_code == 200
