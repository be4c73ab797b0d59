"""The audit trail: hash chain, verification, append-only enforcement."""

import contextlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from cityhall.core.models import AuditRecord
from cityhall.core.models.audit import AppendOnlyError
from cityhall.core.services.audit import audit_context_set, audit_log, audit_verify
from cityhall.core.tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def _triggers_disabled():
    """On PostgreSQL the append-only trigger blocks tampering; switch it off
    inside the test transaction to show that verification detects it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditrecord DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE core_auditchainhead DISABLE TRIGGER USER")
    yield


def _chain(n=3):
    return [audit_log(actor=None, action=f"test.{i}", data={"i": i}) for i in range(n)]


def test_records_are_chained():
    """Each record links to the previous record's hash and the chain verifies."""
    first, second, third = _chain()
    assert second.previous_hash == first.record_hash
    assert third.sequence == 3
    result = audit_verify()
    assert result.ok and result.checked == 3


def test_altered_record_is_detected():
    """Changing a stored record breaks its hash."""
    _chain()
    with _triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditrecord SET action = 'x' WHERE sequence = 2")
    result = audit_verify()
    assert (result.ok, result.first_bad_sequence, result.reason) == (
        False,
        2,
        "hash_mismatch",
    )


def test_deleted_record_is_detected():
    """A gap in the sequence shows a deleted record."""
    _chain()
    with _triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE sequence = 2")
    result = audit_verify()
    assert (result.ok, result.first_bad_sequence, result.reason) == (
        False,
        2,
        "missing_record",
    )


def test_renumbered_records_break_the_link():
    """Deleting a record and renumbering the rest is caught by the hash link."""
    _chain()
    with _triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE sequence = 2")
        cursor.execute("UPDATE core_auditrecord SET sequence = 2 WHERE sequence = 3")
    result = audit_verify()
    assert not result.ok
    assert result.first_bad_sequence == 2
    assert result.reason in {"broken_link", "hash_mismatch"}


def test_deleted_tail_is_detected():
    """Removing the newest records is caught by the chain head."""
    _chain()
    with _triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE sequence = 3")
    result = audit_verify()
    assert (result.ok, result.first_bad_sequence, result.reason) == (
        False,
        3,
        "missing_tail",
    )


def test_orm_refuses_changes():
    """The model and queryset refuse update and delete."""
    record = audit_log(actor=None, action="test.orm")
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database trigger is PostgreSQL only"
)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditrecord SET action = 'x' WHERE sequence = 1",
        "DELETE FROM core_auditrecord WHERE sequence = 1",
    ],
)
def test_postgres_trigger_blocks_raw_sql(statement):
    """On PostgreSQL even raw SQL cannot change or delete audit records."""
    audit_log(actor=None, action="test.trigger")
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert audit_verify().ok


def test_command_succeeds_with_count(capsys):
    """``audit_verify`` prints the count and exits 0 on an intact chain."""
    _chain(2)
    call_command("audit_verify")
    assert "2 records" in capsys.readouterr().out


def test_command_fails_on_tampering():
    """``audit_verify`` raises CommandError (exit code 1) naming the record."""
    _chain()
    with _triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditrecord SET target_id = 'x' WHERE sequence = 1")
    with pytest.raises(CommandError, match="#1"):
        call_command("audit_verify")


def test_group_membership_change_is_audited_with_actor():
    """Adding a user to a group (as Wagtail's user editor does) is audited, with
    the acting user from the request context."""
    admin = StaffFactory()
    user = UserFactory()
    group = Group.objects.create(name="Audit test group")
    with audit_context_set(actor=admin, source_ip="192.0.2.1"):
        user.groups.add(group)
    record = AuditRecord.objects.get(action="user.groups.add")
    assert record.actor_id == admin.pk
    assert record.data["items"] == ["Audit test group"]
    assert record.source_ip == "192.0.2.1"


def test_group_clear_and_reverse_side_are_audited():
    """Clearing memberships, and changes from the group side, are audited."""
    user = UserFactory()
    group = Group.objects.create(name="Audit test group")
    group.user_set.add(user)
    user.groups.clear()
    assert AuditRecord.objects.filter(action="user.groups.add").count() == 1
    removed = AuditRecord.objects.get(action="user.groups.remove")
    assert removed.data["items"] == ["Audit test group"]


def test_permission_changes_are_audited():
    """Group and user permission changes leave audit records."""
    group = Group.objects.create(name="Audit test group")
    permission = Permission.objects.get(codename="access_admin")
    group.permissions.add(permission)
    UserFactory().user_permissions.add(permission)
    assert AuditRecord.objects.filter(action="group.permissions.add").exists()
    assert AuditRecord.objects.filter(action="user.permissions.add").exists()


def test_superuser_flag_change_is_audited():
    """Making someone a superuser is a permission change and is audited."""
    user = UserFactory()
    user.is_superuser = True
    user.save()
    record = AuditRecord.objects.get(action="user.flags_change")
    assert record.data == {"is_superuser": {"from": False, "to": True}}
