"""Staff console: organisation and role management, personal data read-only."""

import datetime as dt

import pytest
from django.urls import reverse

from cityhall.core.models import AuditRecord, Role, RoleAssignment
from cityhall.core.tests.factories import (
    DepartmentFactory,
    ResidentProfileFactory,
    RoleAssignmentFactory,
    StaffFactory,
    totp_code,
    totp_device_for,
)

pytestmark = pytest.mark.django_db


def _verified_client(client, user):
    """Sign ``user`` in through both steps, as a real staff member would."""
    device = totp_device_for(user)
    client.force_login(user)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    assert client.get("/admin/").status_code == 200
    return client


def _staff_with(role, department=None):
    user = StaffFactory()
    RoleAssignmentFactory(user=user, role=role, department=department)
    from cityhall.core.services.roles import role_groups_sync

    role_groups_sync(user=user)
    return user


def test_viewing_a_resident_profile_is_audited(client):
    """Security staff can open a profile; the read is recorded."""
    officer = _staff_with(Role.SECURITY_STAFF, DepartmentFactory())
    profile = ResidentProfileFactory()
    _verified_client(client, officer)
    response = client.get(reverse("resident_profiles:inspect", args=[profile.pk]))
    assert response.status_code == 200
    record = AuditRecord.objects.get(action="resident_profile.view")
    assert record.actor_id == officer.pk
    assert record.target_id == str(profile.pk)
    assert record.source_ip == "127.0.0.1"


def test_listing_resident_profiles_is_audited(client):
    """The list of residents is personal data too; listing is recorded."""
    ciso = _staff_with(Role.CISO)
    ResidentProfileFactory()
    _verified_client(client, ciso)
    assert client.get(reverse("resident_profiles:index")).status_code == 200
    assert AuditRecord.objects.filter(action="resident_profile.list").count() == 1


def test_general_staff_get_403_on_resident_profiles(client):
    """General staff cannot open resident profiles, and nothing is recorded."""
    staff = _staff_with(Role.GENERAL_STAFF, DepartmentFactory())
    profile = ResidentProfileFactory()
    _verified_client(client, staff)
    assert client.get(reverse("resident_profiles:index")).status_code == 403
    response = client.get(reverse("resident_profiles:inspect", args=[profile.pk]))
    assert response.status_code == 403
    assert not AuditRecord.objects.filter(
        action__startswith="resident_profile"
    ).exists()


def test_general_staff_get_403_on_audit_trail(client):
    """The audit trail is closed to general staff."""
    staff = _staff_with(Role.GENERAL_STAFF, DepartmentFactory())
    _verified_client(client, staff)
    assert client.get(reverse("audit_trail:index")).status_code == 403


def test_security_staff_can_read_audit_trail(client):
    """Security staff can list the audit trail."""
    officer = _staff_with(Role.SECURITY_STAFF, DepartmentFactory())
    _verified_client(client, officer)
    assert client.get(reverse("audit_trail:index")).status_code == 200


def test_superuser_without_role_cannot_read_personal_data(client):
    """Being a Django superuser is not enough: a dated role is required."""
    root = StaffFactory(is_superuser=True)
    _verified_client(client, root)
    assert client.get(reverse("resident_profiles:index")).status_code == 403


def test_role_assignment_created_through_the_service(client):
    """The console's create form goes through the service (audited, groups)."""
    admin = _staff_with(Role.SYSTEM_ADMIN)
    target = StaffFactory()
    department = DepartmentFactory()
    _verified_client(client, admin)
    response = client.post(
        reverse("role_assignments:add"),
        {
            "user": target.pk,
            "role": Role.WEB_EDITOR,
            "department": department.pk,
            "valid_from": "2025-04-01",
            "valid_until": "",
        },
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=target, role=Role.WEB_EDITOR).exists()
    assert AuditRecord.objects.filter(
        action="role_assignment.create", actor=admin
    ).exists()


def test_self_assignment_in_console_shows_error_and_saves_nothing(client):
    """Assigning oneself a role is refused with a form error."""
    admin = _staff_with(Role.SYSTEM_ADMIN)
    _verified_client(client, admin)
    response = client.post(
        reverse("role_assignments:add"),
        {
            "user": admin.pk,
            "role": Role.CISO,
            "department": "",
            "valid_from": "2025-04-01",
            "valid_until": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert RoleAssignment.objects.filter(user=admin).count() == 1


def test_role_assignment_ended_through_the_service(client):
    """Editing an assignment only sets its end date, audited."""
    admin = _staff_with(Role.SYSTEM_ADMIN)
    assignment = RoleAssignmentFactory(role=Role.GENERAL_STAFF)
    _verified_client(client, admin)
    response = client.post(
        reverse("role_assignments:edit", args=[assignment.pk]),
        {"valid_until": "2026-03-31"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.valid_until == dt.date(2026, 3, 31)
    assert AuditRecord.objects.filter(action="role_assignment.end").exists()


def test_general_staff_cannot_manage_departments(client):
    """Department management is for the IT policy division only."""
    staff = _staff_with(Role.GENERAL_STAFF, DepartmentFactory())
    _verified_client(client, staff)
    response = client.get(reverse("departments:add"))
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith(reverse("departments:add"))


def test_system_admin_sees_department_tree(client):
    """Departments are listed with each 課 under its 部."""
    admin = _staff_with(Role.SYSTEM_ADMIN)
    parent = DepartmentFactory(name="総務部")
    DepartmentFactory(
        name="情報政策課", parent=parent, municipality=parent.municipality
    )
    _verified_client(client, admin)
    response = client.get(reverse("departments:index"))
    assert response.status_code == 200
    assert "総務部 › 情報政策課" in response.content.decode()


def test_system_admin_uploads_the_municipality_logo(client):
    """The municipality profile, logo included, is edited in the console."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from cityhall.core.tests.factories import MunicipalityFactory

    municipality = MunicipalityFactory()
    admin = _staff_with(Role.SYSTEM_ADMIN)
    _verified_client(client, admin)
    url = reverse("municipality:edit", args=[municipality.pk])
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name != "logo" and value is not None
    }
    for name in ("name_translations", "opening_hours_translations"):
        data[name] = "{}"
    data["enabled_languages"] = '["ja", "en"]'
    png = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(png, format="PNG")
    data["logo"] = SimpleUploadedFile("logo.png", png.getvalue(), "image/png")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    municipality.refresh_from_db()
    assert municipality.logo.name.startswith("municipality/")
