"""The audit trail's chain head, the order of the verification's checks, and
what ``audit_log`` writes when it fills in defaults."""

import contextlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from cityhall.core.models import AuditRecord
from cityhall.core.models.audit import GENESIS_HASH, AuditChainHead
from cityhall.core.services.audit import audit_context_set, audit_log, audit_verify
from cityhall.core.tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

OTHER_HASH = "f" * 64


@contextlib.contextmanager
def _tampering():
    """A cursor with PostgreSQL's append-only triggers off (inside the test
    transaction), to show what verification finds when they are bypassed."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditrecord DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE core_auditchainhead DISABLE TRIGGER USER")
        yield cursor


def _chain(n=3):
    return [audit_log(actor=None, action=f"test.{i}", data={"i": i}) for i in range(n)]


def _verdict():
    result = audit_verify()
    return (result.ok, result.checked, result.first_bad_sequence, result.reason)


# --- Chain head -------------------------------------------------------------------


def test_head_follows_every_append():
    """After each append the head names the newest record's sequence and hash."""
    records = _chain(2)
    head = AuditChainHead.objects.get(pk=AuditChainHead.SINGLETON_ID)
    assert (head.sequence, head.record_hash) == (2, records[-1].record_hash)


def test_empty_trail_verifies():
    """A trail with no records and an untouched head is intact."""
    assert _verdict() == (True, 0, None, "")


def test_tampered_head_hash_is_detected():
    """A head whose hash is not the last record's is reported as head_mismatch
    at the head's sequence."""
    _chain()
    with _tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditchainhead SET record_hash = %s WHERE id = 1", [OTHER_HASH]
        )
    assert _verdict() == (False, 3, 3, "head_mismatch")


def test_head_behind_the_last_record_is_detected():
    """A head that points at an earlier record (records were appended without
    moving the head) is a head_mismatch, not an intact chain."""
    records = _chain()
    with _tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditchainhead SET sequence = 2, record_hash = %s "
            "WHERE id = 1",
            [records[1].record_hash],
        )
    assert _verdict() == (False, 3, 2, "head_mismatch")


def test_deleted_tail_reports_the_intact_records():
    """With the newest record deleted, the report counts the records that are
    still intact before the gap."""
    _chain()
    with _tampering() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE sequence = 3")
    assert _verdict() == (False, 2, 3, "missing_tail")


def test_missing_head_row_with_records_is_detected():
    """Records without a head row: reported as head_mismatch at record 1."""
    _chain()
    with _tampering() as cursor:
        cursor.execute("DELETE FROM core_auditchainhead")
    assert _verdict() == (False, 3, 1, "head_mismatch")


def test_missing_head_row_on_an_empty_trail_is_intact():
    """No records and no head row is the state of a new database: intact."""
    with _tampering() as cursor:
        cursor.execute("DELETE FROM core_auditchainhead")
    assert _verdict() == (True, 0, None, "")


def test_append_recreates_a_missing_head_row():
    """If the head row was removed from an empty trail, the next append
    recreates it and the chain verifies."""
    with _tampering() as cursor:
        cursor.execute("DELETE FROM core_auditchainhead")
    record = audit_log(actor=None, action="test.after_reset")
    assert record.sequence == 1
    assert record.previous_hash == GENESIS_HASH
    assert _verdict() == (True, 1, None, "")


def test_append_refuses_to_fork_a_chain_whose_head_was_lost():
    """With records present and the head row gone, appending cannot find its
    place: it gives up with an error instead of writing a second record #1."""
    _chain(1)
    with _tampering() as cursor:
        cursor.execute("DELETE FROM core_auditchainhead")
    with pytest.raises(RuntimeError, match="audit trail"):
        audit_log(actor=None, action="test.fork")
    assert AuditRecord.objects.count() == 1


# --- Order and detail of the record checks --------------------------------------


def test_first_record_must_link_to_genesis():
    """The first record's previous hash must be the genesis hash."""
    _chain(1)
    with _tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditrecord SET previous_hash = %s WHERE sequence = 1",
            [OTHER_HASH],
        )
    assert _verdict() == (False, 0, 1, "broken_link")


def test_changed_link_is_reported_as_broken_link():
    """A record pointing at another predecessor is a broken link (reported
    before its own hash, which no longer matches either)."""
    _chain()
    with _tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditrecord SET previous_hash = %s WHERE sequence = 3",
            [OTHER_HASH],
        )
    assert _verdict() == (False, 2, 3, "broken_link")


def test_altered_last_record_hash_is_detected():
    """Rewriting the newest record's stored hash (and the head to match) is
    caught by recomputing the hash."""
    _chain()
    with _tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditrecord SET record_hash = %s WHERE sequence = 3",
            [OTHER_HASH],
        )
        cursor.execute(
            "UPDATE core_auditchainhead SET record_hash = %s WHERE id = 1", [OTHER_HASH]
        )
    assert _verdict() == (False, 2, 3, "hash_mismatch")


def test_missing_first_record_is_reported_at_one():
    """Deleting record #1 is reported as missing at #1, with nothing checked."""
    _chain()
    with _tampering() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE sequence = 1")
    assert _verdict() == (False, 0, 1, "missing_record")


def test_verification_reads_in_small_chunks():
    """The walk gives the same answer whatever the chunk size."""
    _chain(5)
    result = audit_verify(chunk_size=2)
    assert (result.ok, result.checked) == (True, 5)


# --- What audit_log fills in ------------------------------------------------------


def test_actor_and_address_come_from_the_request_context():
    """Inside ``audit_context_set`` a record without explicit values takes the
    acting user and source address of the request."""
    staff = StaffFactory()
    with audit_context_set(actor=staff, source_ip="192.0.2.7"):
        record = audit_log(action="test.context")
    assert (record.actor_id, record.actor_label, record.source_ip) == (
        staff.pk,
        staff.email,
        "192.0.2.7",
    )


def test_explicit_values_override_the_request_context():
    """Values passed to ``audit_log`` win over the request's."""
    staff, other = StaffFactory(), StaffFactory()
    with audit_context_set(actor=staff, source_ip="192.0.2.7"):
        record = audit_log(actor=other, source_ip="198.51.100.1", action="test.x")
    assert (record.actor_id, record.source_ip) == (other.pk, "198.51.100.1")


def test_context_is_restored_after_the_block():
    """Outside the block, records have no actor and no address again."""
    with audit_context_set(actor=StaffFactory(), source_ip="192.0.2.7"):
        pass
    record = audit_log(action="test.after")
    assert (record.actor_id, record.actor_label, record.source_ip) == (None, "", None)


def test_anonymous_actor_is_recorded_as_nobody():
    """An anonymous user is not an actor: no id, no label."""
    record = audit_log(actor=AnonymousUser(), action="test.anonymous")
    assert (record.actor_id, record.actor_label) == (None, "")


def test_empty_source_address_is_stored_as_null():
    """An empty address string is stored as "unknown" (NULL), not as ''."""
    record = audit_log(action="test.ip", source_ip="")
    record.refresh_from_db()
    assert record.source_ip is None


def test_target_is_named_by_model_label_and_public_id():
    """A target object is recorded by its model label and its public id."""
    user = UserFactory()
    record = audit_log(action="test.target", target=user)
    assert (record.target_type, record.target_id) == (
        "core.user",
        str(user.public_id),
    )


def test_target_without_public_id_is_named_by_primary_key():
    """Objects without a public id are recorded by primary key."""
    head = AuditChainHead.objects.get(pk=AuditChainHead.SINGLETON_ID)
    record = audit_log(action="test.pk", target=head)
    assert (record.target_type, record.target_id) == ("core.auditchainhead", "1")


def test_explicit_target_names_win():
    """Explicit target type and id are kept even when a target is given."""
    record = audit_log(
        action="test.named", target=UserFactory(), target_type="x.y", target_id="42"
    )
    assert (record.target_type, record.target_id) == ("x.y", "42")


def test_record_data_defaults_to_an_empty_object():
    """Without data, the record stores an empty mapping (hashed as such)."""
    record = audit_log(action="test.nodata")
    record.refresh_from_db()
    assert record.data == {}
    assert record.compute_hash() == record.record_hash
