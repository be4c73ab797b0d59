"""Reads of the audit trail, limited to those allowed to see it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cityhall.common.errors import PermissionDeniedError
from cityhall.core.models import AuditRecord
from cityhall.core.permissions import can_view_personal_data


def audit_records_for_user(
    user: Any,
    *,
    action: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
) -> QuerySet[AuditRecord]:
    """Audit records, newest first, for a system administrator, the CISO or
    security staff; anyone else gets PermissionDeniedError."""
    if not can_view_personal_data(user):
        raise PermissionDeniedError(_("You may not read the audit trail."))
    records = AuditRecord.objects.select_related("actor").order_by("-sequence")
    if action:
        records = records.filter(action=action)
    if target_type:
        records = records.filter(target_type=target_type)
    if target_id:
        records = records.filter(target_id=target_id)
    return records
