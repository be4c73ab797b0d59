"""Reads of the failed sign-ins in the audit trail, for security staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from cityhall.common.errors import PermissionDeniedError
from cityhall.core.models import AuditRecord
from cityhall.core.permissions import can_view_personal_data
from cityhall.core.staff_auth.failures import (
    SIGN_IN_FAILURE_ACTION,
    SignInFailureKind,
    SignInPage,
)

#: How many of the newest failures the console lists.
RECENT_FAILURES_LIMIT = 200


@dataclass(frozen=True)
class SignInFailureRow:
    """One failed sign-in as the console lists it."""

    occurred_at: dt.datetime
    account: str
    source_ip: str
    kind: str
    kind_label: str
    page_label: str


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def sign_in_failures_recent_for_user(
    user: Any, *, limit: int = RECENT_FAILURES_LIMIT
) -> list[SignInFailureRow]:
    """The newest ``limit`` failed sign-ins, newest first, in one query.

    For system administrators, the CISO and security staff (the roles that may
    read the audit trail); anyone else gets PermissionDeniedError.
    """
    if not can_view_personal_data(user):
        raise PermissionDeniedError(_("You may not read the audit trail."))
    records = (
        AuditRecord.objects.filter(action=SIGN_IN_FAILURE_ACTION)
        .only("sequence", "occurred_at", "data", "source_ip")
        .order_by("-sequence")[:limit]
    )
    rows = []
    for record in records:
        data = record.data if isinstance(record.data, dict) else {}
        kind = str(data.get("kind", ""))
        rows.append(
            SignInFailureRow(
                occurred_at=record.occurred_at,
                account=str(data.get("account", "")),
                source_ip=record.source_ip or "",
                kind=kind,
                kind_label=_label(SignInFailureKind, kind),
                page_label=_label(SignInPage, str(data.get("page", ""))),
            )
        )
    return rows
