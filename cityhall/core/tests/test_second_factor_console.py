"""The IT policy division resets a staff member's second factor in the console."""

import uuid

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cityhall.core.models import AuditRecord, Role
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
    totp_code,
    totp_device_for,
)

pytestmark = pytest.mark.django_db


def _signed_in(client, role):
    user = StaffFactory()
    RoleAssignmentFactory(user=user, role=role)
    role_groups_sync(user=user)
    device = totp_device_for(user)
    client.force_login(user)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    return user


def _reset_url(user):
    return reverse("cityhall_second_factor:reset", args=[user.public_id])


def test_system_admin_resets_a_colleagues_second_factor(client):
    """The devices go, the reset is audited, and the list says "not enrolled"."""
    admin = _signed_in(client, Role.SYSTEM_ADMIN)
    colleague = StaffFactory()
    totp_device_for(colleague)
    index = client.get(reverse("cityhall_second_factor:index"))
    assert index.status_code == 200
    assert colleague.email in index.content.decode()
    assert client.get(_reset_url(colleague)).status_code == 200

    response = client.post(_reset_url(colleague))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    record = AuditRecord.objects.get(action="staff.second_factor_reset")
    assert record.actor_id == admin.pk
    assert record.target_id == str(colleague.public_id)


def test_other_staff_cannot_reset(client):
    """General staff get 403 and the colleague's authenticator stays."""
    _signed_in(client, Role.GENERAL_STAFF)
    colleague = StaffFactory()
    totp_device_for(colleague)
    assert client.get(reverse("cityhall_second_factor:index")).status_code == 403
    assert client.post(_reset_url(colleague)).status_code == 403
    assert TOTPDevice.objects.filter(user=colleague).exists()


def test_nobody_resets_their_own_second_factor(client):
    """Resetting oneself is refused with a message; the device stays."""
    admin = _signed_in(client, Role.SYSTEM_ADMIN)
    response = client.post(_reset_url(admin))
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_residents_and_unknown_ids_are_not_found(client):
    """Only staff members can be looked up; a resident's id is a 404."""
    _signed_in(client, Role.SYSTEM_ADMIN)
    resident = UserFactory()
    assert client.get(_reset_url(resident)).status_code == 404
    missing = reverse("cityhall_second_factor:reset", args=[uuid.uuid4()])
    assert client.post(missing).status_code == 404
