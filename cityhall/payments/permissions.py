"""Who may do what with money: policy functions used by services and views.

Reconciling bank files and refunding are the accounting division's (会計課)
work: a person may do them while they hold a general-staff or department-head
role in the division named in the municipality's :class:`PaymentSettings`.
Being a superuser or a system administrator is deliberately not enough, so
every refund is tied to a named, dated assignment in that division.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityhall.core.models import Role
from cityhall.core.selectors.roles import active_assignments, user_has_role
from cityhall.payments.models import PaymentSettings

ACCOUNTING_ROLES: tuple[str, ...] = (Role.GENERAL_STAFF, Role.DEPARTMENT_HEAD)


def _is_active_user(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def _is_accounting_staff(user: Any, *, on: dt.date | None) -> bool:
    if not _is_active_user(user):
        return False
    settings = PaymentSettings.objects.filter(
        accounting_department__isnull=False
    ).select_related("accounting_department")
    return any(
        user_has_role(user, role, department=s.accounting_department, on=on)
        for s in settings
        for role in ACCOUNTING_ROLES
    )


def can_reconcile(user: Any, *, on: dt.date | None = None) -> bool:
    """True when ``user`` may import bank files and match records by hand."""
    return _is_accounting_staff(user, on=on)


def can_refund(user: Any, *, on: dt.date | None = None) -> bool:
    """True when ``user`` may refund a payment or cancel a payment attempt."""
    return _is_accounting_staff(user, on=on)


def can_record_counter_payment(user: Any, *, on: dt.date | None = None) -> bool:
    """True when ``user`` may record cash taken at a counter (窓口収納).

    Any staff member with a role valid today: counters are in many divisions.
    """
    return bool(
        _is_active_user(user)
        and getattr(user, "is_staff", False)
        and active_assignments(user, on=on).exists()
    )
