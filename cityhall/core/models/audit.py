"""The audit trail (監査証跡): append-only and hash-chained.

Each record stores the SHA-256 of its own canonical content together with the hash
of the record before it, so changing or deleting any record breaks the chain from
that point on; ``manage.py audit_verify`` walks the chain and says where.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit record."""


class AuditRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("Audit records cannot be changed.")

    def delete(self):  # type: ignore[override]
        raise AppendOnlyError("Audit records cannot be deleted.")


class AuditRecord(models.Model):
    """One staff action on personal data, or one permission change."""

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=80, blank=True)
    data = models.JSONField(default=dict, blank=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    record_hash = models.CharField(max_length=64, unique=True)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args, **kwargs):  # type: ignore[override]
        if not self._state.adding:
            raise AppendOnlyError("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("Audit records cannot be deleted.")

    def canonical_payload(self) -> bytes:
        """The bytes the hash covers: every field but the hash itself."""
        payload = {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "data": self.data,
            "source_ip": self.source_ip,
            "previous_hash": self.previous_hash,
        }
        return json.dumps(
            payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical_payload()).hexdigest()


class AuditChainHead(models.Model):
    """The newest record of the chain, kept in its own single row.

    Written in the same transaction as every append, so deleting records from the
    end of the chain (which leaves an intact, shorter chain) is still detected:
    the head then names a sequence that no longer exists. It also serialises
    writers: appending locks this row.
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID)
    sequence = models.PositiveBigIntegerField(default=0)
    record_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="audit_chain_head_singleton"
            )
        ]

    def __str__(self) -> str:
        return f"head #{self.sequence}"
