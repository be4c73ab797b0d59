"""Reads of the payments app, scoped to who is asking."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate

from cityhall.payments.models import BankRecord, Invoice, Payment


def invoice_list_for_resident(*, user: Any) -> QuerySet[Invoice]:
    """The signed-in resident's own invoices (none for anyone else), newest due
    date last; superseded ones are left out (their correction is listed)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Invoice.objects.none()
    return Invoice.objects.filter(resident=user).exclude(
        status=Invoice.Status.SUPERSEDED
    )


def invoice_get_for_resident(*, user: Any, public_id: uuid.UUID) -> Invoice | None:
    """One of the resident's own invoices, or None (also for others' ids)."""
    return invoice_list_for_resident(user=user).filter(public_id=public_id).first()


def payment_list_for_resident(*, user: Any) -> QuerySet[Payment]:
    """Attempts to pay the resident's own invoices, newest first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Payment.objects.none()
    return Payment.objects.filter(invoice__resident=user).select_related("invoice")


def payment_get_for_resident(*, user: Any, public_id: uuid.UUID) -> Payment | None:
    """One payment of the resident's own invoices, or None."""
    return payment_list_for_resident(user=user).filter(public_id=public_id).first()


def bank_records_waiting() -> QuerySet[BankRecord]:
    """The staff queue: reported money not matched to an invoice, oldest first."""
    return (
        BankRecord.objects.filter(status=BankRecord.Status.UNMATCHED)
        .select_related("imported_file")
        .order_by("imported_file__created_at", "line_number")
    )


def invoice_balance(*, invoice: Invoice) -> int:
    """Net money held for ``invoice``: paid − refunded (never negative)."""
    payment = invoice.payments.filter(state=Payment.State.SUCCESS).first()
    if payment is None:
        return 0
    return payment.amount - payment.refunded_amount


def collections_by_subject_and_day(
    *, municipality: Any, date_from: dt.date, date_to: dt.date
) -> list[dict[str, Any]]:
    """Money collected per day (Asia/Tokyo) and 税目, with channel split, for
    the staff report and the financial system's CSV: one row per (day,
    subject, channel) with the number of payments, the amount paid and the
    amount refunded so far, ordered by day, subject, channel."""
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    rows = (
        Payment.objects.filter(
            invoice__municipality=municipality,
            state=Payment.State.SUCCESS,
            paid_at__gte=dt.datetime.combine(date_from, dt.time.min, tokyo),
            paid_at__lt=dt.datetime.combine(
                date_to + dt.timedelta(days=1), dt.time.min, tokyo
            ),
        )
        .annotate(day=TruncDate("paid_at", tzinfo=tokyo))
        .values("day", "invoice__subject", "channel")
        .annotate(
            count=Count("id"), paid=Sum("amount"), refunded=Sum("refunded_amount")
        )
        .order_by("day", "invoice__subject", "channel")
    )
    return [
        {
            "day": row["day"],
            "subject": row["invoice__subject"],
            "channel": row["channel"],
            "count": row["count"],
            "paid": row["paid"],
            "refunded": row["refunded"],
        }
        for row in rows
    ]


def sandbox_payment_get(*, reference: str) -> Payment | None:
    """The card attempt the sandbox provider knows as ``reference`` (its page
    is reached by that unguessable reference alone, as a provider's is).
    None in production, where the sandbox is switched off."""
    if not settings.CITYHALL_PAYMENT_SANDBOX_ENABLED:
        return None
    return (
        Payment.objects.select_related("invoice")
        .filter(provider="sandbox", channel="card", provider_reference=reference)
        .first()
    )
