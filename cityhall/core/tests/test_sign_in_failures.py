"""Failed sign-ins leave an audit record and a log line, never the secret; the
CISO and security staff see them on a console screen."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cityhall.core.models import AuditRecord, Role
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.staff_auth.failures import (
    SIGN_IN_FAILURE_ACTION,
    SignInFailureKind,
    SignInPage,
    sign_in_failure_record,
)
from cityhall.core.tests.factories import (
    PASSWORD,
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
    totp_code,
    totp_device_for,
)

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "kinugawa-onsen-9137"
SECURITY_LOGGER = "cityhall.security"


def _failures() -> list[AuditRecord]:
    return list(
        AuditRecord.objects.filter(action=SIGN_IN_FAILURE_ACTION).order_by("sequence")
    )


def _record_text(record: AuditRecord) -> str:
    """Everything stored in a record, as one string to search for secrets."""
    return json.dumps(
        [
            record.actor_label,
            record.target_type,
            record.target_id,
            record.data,
            record.source_ip,
        ],
        ensure_ascii=False,
    )


def _log_text(caplog) -> str:
    return "\n".join(
        record.getMessage()
        for record in caplog.records
        if record.name == SECURITY_LOGGER
    )


def _wrong_code(device) -> str:
    return f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"


def _password_step(client, email, password):
    return client.post(
        reverse("staff_auth:login"), {"email": email, "password": password}
    )


def test_wrong_password_is_audited_and_logged_without_the_password(client, caplog):
    """A wrong staff password: one record (kind, account, source address) and
    one warning; the typed password is in neither."""
    staff = StaffFactory()
    caplog.set_level(logging.WARNING, logger=SECURITY_LOGGER)
    response = _password_step(client, staff.email, WRONG_PASSWORD)
    assert response.status_code == 200
    [record] = _failures()
    assert record.data == {
        "kind": "wrong_password",
        "page": "staff",
        "account": staff.email,
    }
    assert record.source_ip == "127.0.0.1"
    log = _log_text(caplog)
    assert "kind=wrong_password" in log
    assert staff.email in log
    assert "127.0.0.1" in log
    assert WRONG_PASSWORD not in _record_text(record)
    assert WRONG_PASSWORD not in log


def test_unknown_account_is_recorded_as_typed(client):
    """Guessing at accounts that do not exist is visible too."""
    _password_step(client, "nobody@city.example.jp", WRONG_PASSWORD)
    [record] = _failures()
    assert record.data["account"] == "nobody@city.example.jp"
    assert record.data["kind"] == "wrong_password"


def test_resident_wrong_password_is_recorded_for_the_resident_page(client):
    """The resident sign-in records its failures as well, with its page."""
    resident = UserFactory()
    client.post(
        reverse("accounts:login"),
        {"email": resident.email, "password": WRONG_PASSWORD},
    )
    [record] = _failures()
    assert (record.data["kind"], record.data["page"]) == ("wrong_password", "resident")


def test_wrong_totp_code_is_audited_and_logged_without_the_code(client, caplog):
    """A wrong second-factor code: a record naming the account, no code."""
    staff = StaffFactory()
    device = totp_device_for(staff)
    _password_step(client, staff.email, PASSWORD)
    wrong = _wrong_code(device)
    caplog.set_level(logging.WARNING, logger=SECURITY_LOGGER)
    response = client.post(reverse("staff_auth:verify"), {"code": wrong})
    assert response.status_code == 200
    [record] = _failures()
    assert record.data["kind"] == "wrong_code"
    assert record.data["account"] == staff.email
    assert record.target_id == str(staff.public_id)
    log = _log_text(caplog)
    assert "kind=wrong_code" in log
    assert wrong not in _record_text(record)
    assert wrong not in log


def test_throttled_password_attempt_is_audited(client, caplog):
    """Once the account throttle holds, the refused attempt (429) is recorded as
    throttled; none of the typed passwords is stored or logged."""
    staff = StaffFactory()
    caplog.set_level(logging.WARNING, logger=SECURITY_LOGGER)
    for attempt in range(5):
        _password_step(client, staff.email, f"{WRONG_PASSWORD}-{attempt}")
    response = _password_step(client, staff.email, f"{WRONG_PASSWORD}-last")
    assert response.status_code == 429
    kinds = [record.data["kind"] for record in _failures()]
    assert kinds == ["wrong_password"] * 5 + ["throttled"]
    log = _log_text(caplog)
    assert log.count("kind=throttled") == 1
    stored = "".join(_record_text(record) for record in _failures())
    assert WRONG_PASSWORD not in stored
    assert WRONG_PASSWORD not in log


def test_throttled_code_attempt_is_audited(client):
    """A code typed while django-otp's device throttle holds is recorded as
    throttled, not as a wrong code."""
    staff = StaffFactory()
    device = totp_device_for(staff)
    _password_step(client, staff.email, PASSWORD)
    device.throttling_failure_count = 5
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    response = client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    assert response.status_code == 429
    [record] = _failures()
    assert record.data["kind"] == "throttled"
    assert record.data["account"] == staff.email


def test_refused_console_access_is_audited(client, caplog):
    """A signed-in resident at /admin/ gets 403, recorded with them as actor."""
    resident = UserFactory()
    client.force_login(resident)
    caplog.set_level(logging.WARNING, logger=SECURITY_LOGGER)
    assert client.get("/admin/").status_code == 403
    [record] = _failures()
    assert record.data == {
        "kind": "console_refused",
        "page": "console",
        "account": resident.email,
    }
    assert record.actor_id == resident.pk
    assert "kind=console_refused" in _log_text(caplog)


def test_resident_password_on_staff_sign_in_is_audited(client, caplog):
    """A resident's correct password on the staff page is refused and recorded;
    the password is not."""
    resident = UserFactory()
    caplog.set_level(logging.WARNING, logger=SECURITY_LOGGER)
    _password_step(client, resident.email, PASSWORD)
    [record] = _failures()
    assert record.data["kind"] == "console_refused"
    assert record.data["page"] == "staff"
    assert PASSWORD not in _record_text(record)
    assert PASSWORD not in _log_text(caplog)


def test_successful_sign_in_records_no_failure(client):
    """Control: password and code right, nothing is recorded as a failure."""
    staff = StaffFactory()
    device = totp_device_for(staff)
    _password_step(client, staff.email, PASSWORD)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    assert _failures() == []
    assert AuditRecord.objects.filter(action="staff.sign_in").count() == 1


# --- The console screen -------------------------------------------------------------

SCREEN = "cityhall_sign_in_failures:index"
#: Session, user, device, Wagtail's permission and profile reads and the user's
#: roles (loaded once per request for every menu item's check), plus this
#: screen's one query of the audit trail: the same at any number of rows.
QUERIES = 12


def _signed_in(client, role):
    user = StaffFactory()
    RoleAssignmentFactory(user=user, role=role)
    role_groups_sync(user=user)
    device = totp_device_for(user)
    client.force_login(user)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    return user


def _record_failures(count: int) -> None:
    for number in range(count):
        sign_in_failure_record(
            kind=SignInFailureKind.WRONG_PASSWORD,
            page=SignInPage.STAFF,
            account=f"target{number}@city.example.jp",
            source_ip=f"203.0.113.{number + 1}",
        )


def test_ciso_sees_recent_failures_newest_first(client):
    """The CISO's list shows time, account, source address and kind."""
    _signed_in(client, Role.CISO)
    _record_failures(2)
    sign_in_failure_record(
        kind=SignInFailureKind.WRONG_CODE,
        page=SignInPage.STAFF,
        account="mayor@city.example.jp",
        source_ip="198.51.100.7",
    )
    with translation.override("en"):
        response = client.get(reverse(SCREEN))
    assert response.status_code == 200
    rows = response.context["failures"]
    assert [row.account for row in rows] == [
        "mayor@city.example.jp",
        "target1@city.example.jp",
        "target0@city.example.jp",
    ]
    html = response.content.decode()
    assert "198.51.100.7" in html
    with translation.override("ja"):
        assert str(SignInFailureKind.WRONG_CODE.label) in html
    assert "<time datetime=" in html


@pytest.mark.parametrize("role", [Role.SECURITY_STAFF, Role.SYSTEM_ADMIN])
def test_security_staff_and_system_admins_see_the_screen(client, role):
    """The roles that read the audit trail see the screen."""
    _signed_in(client, role)
    _record_failures(1)
    response = client.get(reverse(SCREEN))
    assert response.status_code == 200
    assert "target0@city.example.jp" in response.content.decode()


@pytest.mark.parametrize("role", [Role.GENERAL_STAFF, Role.WEB_EDITOR])
def test_other_staff_are_refused(client, role):
    """Other staff get 403 and see no account names."""
    _signed_in(client, role)
    _record_failures(1)
    response = client.get(reverse(SCREEN))
    assert response.status_code == 403
    assert "target0@city.example.jp" not in response.content.decode()


def test_menu_item_is_shown_to_the_ciso_only(client):
    """The console menu links the screen for the CISO, not for general staff."""
    url = reverse(SCREEN)
    _signed_in(client, Role.CISO)
    assert url in client.get("/admin/").content.decode()
    client.logout()
    _signed_in(client, Role.GENERAL_STAFF)
    assert url not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_screen_query_count(client, django_assert_num_queries, rows):
    """The same number of queries for 1 and for 20 failures (no N+1)."""
    _signed_in(client, Role.CISO)
    _record_failures(rows)
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse(SCREEN))
    assert len(response.context["failures"]) == rows
