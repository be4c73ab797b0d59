"""Organisation services: municipality, districts and departments, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cityhall.core.errors import OrganisationInputError
from cityhall.core.models import AuditRecord, Department, District, Role
from cityhall.core.services.organisation import (
    department_create,
    department_update,
    district_create,
    district_delete,
    municipality_update,
)
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.tests.factories import (
    DepartmentFactory,
    MunicipalityFactory,
    RoleAssignmentFactory,
    StaffFactory,
    totp_device_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    user = StaffFactory()
    RoleAssignmentFactory(user=user, role=Role.SYSTEM_ADMIN, department=None)
    role_groups_sync(user=user)
    return user


def test_department_update_is_audited_with_the_changed_fields(admin):
    """Renaming a division records who did it and which fields changed."""
    division = DepartmentFactory(name="旧課", phone="0287-00-0000")
    department_update(
        department=division,
        values={"name": "新課", "phone": "0287-00-0000"},
        updated_by=admin,
    )
    division.refresh_from_db()
    assert division.name == "新課"
    record = AuditRecord.objects.get(action="department.update")
    assert record.actor == admin
    assert record.target_id == str(division.public_id)
    assert record.data["changed"] == ["name"]
    assert record.data["name"] == "新課"


def test_invalid_department_is_refused_with_field_errors(admin):
    """A duplicate code is refused field by field, and nothing is saved or
    recorded."""
    existing = DepartmentFactory(code="soumu")
    with pytest.raises(OrganisationInputError) as raised:
        department_create(
            values={
                "municipality": existing.municipality,
                "code": "soumu",
                "name": "重複",
            },
            created_by=admin,
        )
    assert raised.value.extra["fields"]
    assert Department.objects.filter(name="重複").count() == 0
    assert not AuditRecord.objects.filter(action="department.create").exists()


def test_district_create_and_delete_are_audited(admin):
    """Adding and removing a district both leave a record naming it."""
    municipality = MunicipalityFactory()
    district = district_create(
        values={"municipality": municipality, "code": "kurobane", "name": "黒羽"},
        created_by=admin,
    )
    district_delete(district=district, deleted_by=admin)
    assert not District.objects.filter(code="kurobane").exists()
    created, deleted = AuditRecord.objects.filter(
        action__startswith="district."
    ).order_by("sequence")
    assert created.action == "district.create"
    assert deleted.action == "district.delete"
    assert deleted.data == {"code": "kurobane", "name": "黒羽"}
    assert deleted.actor == admin


def test_municipality_update_is_audited(admin):
    """Changing the city's phone number is recorded."""
    municipality = MunicipalityFactory(phone="0287-23-1111", enabled_languages=["ja"])
    municipality_update(
        municipality=municipality, values={"phone": "0287-23-2222"}, updated_by=admin
    )
    municipality.refresh_from_db()
    assert municipality.phone == "0287-23-2222"
    record = AuditRecord.objects.get(action="municipality.update")
    assert record.data["changed"] == ["phone"]


def test_console_department_edit_goes_through_the_service(client, admin):
    """Editing a department in the console is audited; an invalid edit (a code
    already taken) is refused on the form and changes nothing."""
    device = totp_device_for(admin)
    client.force_login(admin)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    division = DepartmentFactory(name="広報課", code="kouhou")
    DepartmentFactory(code="taken", municipality=division.municipality)
    url = reverse("departments:edit", args=[division.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["municipality"] = division.municipality.pk
    for name in ("name_translations", "location_translations"):
        data[name] = "{}"
    data["name"] = "広報広聴課"
    response = client.post(url, data)
    assert response.status_code == 302
    assert AuditRecord.objects.get(action="department.update").data["changed"] == [
        "name"
    ]
    data["code"] = "taken"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    division.refresh_from_db()
    assert division.code == "kouhou"
