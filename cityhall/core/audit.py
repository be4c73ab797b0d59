"""Writing to the audit trail. Every other module appends through ``audit_log``."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cityhall.core.models.audit import GENESIS_HASH, AuditRecord

_MAX_ATTEMPTS = 20


def audit_log(
    *,
    actor: Any | None,
    action: str,
    target: Any | None = None,
    target_type: str = "",
    target_id: str = "",
    data: dict[str, Any] | None = None,
    source_ip: str | None = None,
) -> AuditRecord:
    """Append one record to the hash chain (監査証跡) and return it.

    ``action`` is a stable dotted code (``resident_profile.view``,
    ``role_assignment.create``). Concurrent writers race for the next sequence
    number; the unique constraint decides and the loser retries on the new head,
    so the chain never forks.
    """
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
                head = AuditRecord.objects.order_by("-sequence").first()
                record = AuditRecord(
                    sequence=(head.sequence + 1) if head else 1,
                    occurred_at=timezone.now(),
                    actor=actor,
                    actor_label=actor_label,
                    action=action,
                    target_type=target_type,
                    target_id=target_id,
                    data=data or {},
                    source_ip=source_ip,
                    previous_hash=head.record_hash if head else GENESIS_HASH,
                )
                record.record_hash = record.compute_hash()
                record.save(force_insert=True)
                return record
        except IntegrityError:
            continue
    raise RuntimeError("Could not append to the audit trail under contention.")
