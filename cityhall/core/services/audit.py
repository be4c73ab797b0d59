"""Writing to and verifying the audit trail (監査証跡).

Every other module appends through :func:`audit_log`. The request that caused a
change is known to views but not to signal receivers, so the staff middleware
records the acting user and source address in :data:`audit_context` for the
duration of each request; ``audit_log`` falls back to it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cityhall.core.models.audit import GENESIS_HASH, AuditChainHead, AuditRecord

_MAX_ATTEMPTS = 20


@dataclass(frozen=True)
class AuditContext:
    """Who is acting, from where, for records written without explicit values."""

    actor: Any | None = None
    source_ip: str | None = None


audit_context: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "cityhall_audit_context",
    default=AuditContext(),  # noqa: B039 - immutable
)


@contextlib.contextmanager
def audit_context_set(*, actor: Any | None, source_ip: str | None) -> Iterator[None]:
    """Make ``actor``/``source_ip`` the defaults for records appended inside."""
    token = audit_context.set(AuditContext(actor=actor, source_ip=source_ip))
    try:
        yield
    finally:
        audit_context.reset(token)


def _head_for_update() -> AuditChainHead:
    head = (
        AuditChainHead.objects.select_for_update()
        .filter(pk=AuditChainHead.SINGLETON_ID)
        .first()
    )
    if head is None:
        # The migration creates the row; this only runs on a database whose row
        # was removed by hand, and then the verify command reports the damage.
        head, _created = AuditChainHead.objects.get_or_create(
            pk=AuditChainHead.SINGLETON_ID
        )
    return head


def audit_log(
    *,
    actor: Any | None = None,
    action: str,
    target: Any | None = None,
    target_type: str = "",
    target_id: str = "",
    data: dict[str, Any] | None = None,
    source_ip: str | None = None,
) -> AuditRecord:
    """Append one record to the hash chain and return it.

    ``action`` is a stable dotted code (``resident_profile.view``,
    ``role_assignment.create``). ``actor`` and ``source_ip`` default to the
    current request's (see :func:`audit_context_set`). Appending locks the chain
    head row, so concurrent writers queue instead of forking the chain; the
    unique sequence is the last line of defence, and the loser of a race retries.
    """
    context = audit_context.get()
    if actor is None:
        actor = context.actor
    if source_ip is None:
        source_ip = context.source_ip
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(getattr(target, "public_id", None) or target.pk)
    actor_label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_label = actor.email
    else:
        actor = None
    for _attempt in range(_MAX_ATTEMPTS):
        try:
            with transaction.atomic():
                head = _head_for_update()
                record = AuditRecord(
                    sequence=head.sequence + 1,
                    occurred_at=timezone.now(),
                    actor=actor,
                    actor_label=actor_label,
                    action=action,
                    target_type=target_type,
                    target_id=target_id,
                    data=data or {},
                    source_ip=source_ip or None,
                    previous_hash=head.record_hash,
                )
                record.record_hash = record.compute_hash()
                record.save(force_insert=True)
                AuditChainHead.objects.filter(pk=head.pk).update(
                    sequence=record.sequence, record_hash=record.record_hash
                )
                return record
        except IntegrityError:
            continue
    raise RuntimeError("Could not append to the audit trail under contention.")


@dataclass(frozen=True)
class AuditVerification:
    """The outcome of walking the chain.

    ``reason`` is one of ``hash_mismatch`` (a record was altered),
    ``missing_record`` (a sequence number is absent: a record was deleted),
    ``broken_link`` (a record does not point at its predecessor's hash),
    ``missing_tail`` (records after ``first_bad_sequence - 1`` were removed) or
    ``head_mismatch`` (the head row disagrees with the last record).
    """

    ok: bool
    checked: int
    first_bad_sequence: int | None = None
    reason: str = ""


def audit_verify(*, chunk_size: int = 2000) -> AuditVerification:
    """Walk the whole chain in order and report the first inconsistency.

    Read-only; safe to run on a live system (a record appended while it runs may
    make the head look newer than the walk; run it again to confirm).
    """
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    checked = 0
    records = AuditRecord.objects.order_by("sequence").iterator(chunk_size=chunk_size)
    for record in records:
        if record.sequence != expected_sequence:
            return AuditVerification(
                False, checked, expected_sequence, "missing_record"
            )
        if record.previous_hash != previous_hash:
            return AuditVerification(False, checked, record.sequence, "broken_link")
        if record.compute_hash() != record.record_hash:
            return AuditVerification(False, checked, record.sequence, "hash_mismatch")
        checked += 1
        previous_hash = record.record_hash
        expected_sequence += 1
    last_sequence = expected_sequence - 1
    head = AuditChainHead.objects.filter(pk=AuditChainHead.SINGLETON_ID).first()
    head_sequence = head.sequence if head else 0
    head_hash = head.record_hash if head else GENESIS_HASH
    if head_sequence > last_sequence:
        return AuditVerification(False, checked, last_sequence + 1, "missing_tail")
    if head_sequence != last_sequence or head_hash != previous_hash:
        return AuditVerification(False, checked, head_sequence or 1, "head_mismatch")
    return AuditVerification(True, checked)
