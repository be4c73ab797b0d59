"""Reads of the payments app, scoped to who is asking."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import TruncDate

from cityhall.payments.models import BankRecord, Invoice, Payment, PaymentSettings


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


# --- The resident's pages (invoices, payment, receipt, account section) ------


def resident_today() -> dt.date:
    """Today in Asia/Tokyo: an invoice is overdue from the day after its due
    date there, wherever the server runs."""
    return dt.datetime.now(zoneinfo.ZoneInfo("Asia/Tokyo")).date()


def invoice_overview_for_resident(*, user: Any) -> QuerySet[Invoice]:
    """The resident's invoices for their list page (superseded ones left out),
    each with ``successful_payments`` prefetched (at most one) for the link to
    its receipt: two queries however many invoices."""
    return invoice_list_for_resident(user=user).prefetch_related(
        Prefetch(
            "payments",
            queryset=Payment.objects.filter(state=Payment.State.SUCCESS),
            to_attr="successful_payments",
        )
    )


def invoice_page_for_resident(*, user: Any, public_id: uuid.UUID) -> Invoice | None:
    """One of the resident's own invoices for its page, superseded ones too
    (the page points to the correction), with its municipality, correction and
    payment attempts loaded; None for anyone else's id."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Invoice.objects.filter(resident=user, public_id=public_id)
        .select_related("municipality", "corrected_by")
        .prefetch_related("payments")
        .first()
    )


def payment_settings_get(*, municipality_id: int) -> PaymentSettings | None:
    """The municipality's payment settings (Pay-easy biller number,
    convenience-store company code), or None when none were set up."""
    return PaymentSettings.objects.filter(municipality_id=municipality_id).first()


def receipt_get_for_resident(*, user: Any, public_id: uuid.UUID) -> Payment | None:
    """A successful payment of the resident's own invoice (its receipt, 領収書),
    with the invoice and municipality loaded; None for anyone else's id or an
    attempt that did not succeed."""
    return (
        payment_list_for_resident(user=user)
        .filter(public_id=public_id, state=Payment.State.SUCCESS)
        .select_related("invoice__municipality")
        .first()
    )


def payment_history_for_resident(*, user: Any, limit: int = 10) -> list[Payment]:
    """The resident's latest successful payments, newest first, with their
    invoices: one query, for the account page."""
    return list(
        payment_list_for_resident(user=user)
        .filter(state=Payment.State.SUCCESS)
        .order_by("-paid_at", "-id")[:limit]
    )
