"""Reads for the payments console, each scoped to one municipality.

Every list comes with what its rows show already joined, so a page runs the
same number of queries for one row as for fifty.
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from cityhall.core.models import Municipality
from cityhall.payments.models import (
    BankFileUpload,
    BankRecord,
    Invoice,
    Payment,
    ProviderEvent,
)

#: Provider events staff look into: everything that did not simply apply.
EVENTS_TO_INVESTIGATE = (
    ProviderEvent.Outcome.CONFLICT,
    ProviderEvent.Outcome.NOT_PAYABLE,
    ProviderEvent.Outcome.UNKNOWN_PAYMENT,
    ProviderEvent.Outcome.STALE,
)


def queue_for_municipality(*, municipality: Municipality) -> QuerySet[BankRecord]:
    """Bank records waiting for staff (消込待ち), oldest file first."""
    return (
        BankRecord.objects.filter(
            status=BankRecord.Status.UNMATCHED,
            imported_file__municipality=municipality,
        )
        .select_related("imported_file")
        .order_by("imported_file__created_at", "imported_file_id", "line_number")
    )


def bank_record_get(
    *, municipality: Municipality, public_id: uuid.UUID
) -> BankRecord | None:
    """One bank record of the municipality (any status), or None."""
    return (
        BankRecord.objects.filter(
            imported_file__municipality=municipality, public_id=public_id
        )
        .select_related("imported_file", "resolved_by", "payment__invoice")
        .first()
    )


def invoices_by_reference(
    *, municipality: Municipality, references: list[str]
) -> dict[str, Invoice]:
    """The municipality's invoices with these payment numbers, by number."""
    return {
        invoice.reference_number: invoice
        for invoice in Invoice.objects.filter(
            municipality=municipality, reference_number__in=references
        )
    }


def uploads_for_municipality(*, municipality: Municipality) -> QuerySet[BankFileUpload]:
    """Bank files uploaded in the console, newest first (without their bytes)."""
    return (
        BankFileUpload.objects.filter(municipality=municipality)
        .defer("data")
        .select_related("uploaded_by")
    )


def upload_get(
    *, municipality: Municipality, public_id: uuid.UUID
) -> BankFileUpload | None:
    """One upload of the municipality (without its bytes), or None."""
    return (
        uploads_for_municipality(municipality=municipality)
        .filter(public_id=public_id)
        .first()
    )


def invoice_search(*, municipality: Municipality, query: str = "") -> QuerySet[Invoice]:
    """The municipality's invoices, newest first, narrowed by a payment number
    or part of the payer's name when ``query`` is given."""
    invoices = Invoice.objects.filter(municipality=municipality).order_by(
        "-created_at", "-id"
    )
    query = query.strip()
    if query:
        invoices = invoices.filter(
            Q(reference_number=query)
            | Q(payer_name__icontains=query)
            | Q(payer_name_kana__icontains=query)
        )
    return invoices


def invoice_get(*, municipality: Municipality, public_id: uuid.UUID) -> Invoice | None:
    """One invoice of the municipality with what it replaces and what replaced
    it, or None."""
    return (
        Invoice.objects.filter(municipality=municipality, public_id=public_id)
        .select_related("corrects", "corrected_by", "resident")
        .first()
    )


def invoice_payments(*, invoice: Invoice) -> QuerySet[Payment]:
    """Every attempt to pay ``invoice``, newest first."""
    return Payment.objects.filter(invoice=invoice).select_related("recorded_by")


def payment_get(*, municipality: Municipality, public_id: uuid.UUID) -> Payment | None:
    """One payment of the municipality's invoices, or None."""
    return (
        Payment.objects.filter(invoice__municipality=municipality, public_id=public_id)
        .select_related("invoice", "recorded_by")
        .first()
    )


def payment_refunds(*, payment: Payment):
    """The refunds of ``payment``, newest first, with who made them."""
    return payment.refunds.select_related("created_by").order_by("-created_at", "-id")


def provider_events_to_investigate(
    *, municipality: Municipality
) -> QuerySet[ProviderEvent]:
    """Provider notifications that conflict with the ledger, came out of order,
    or name no payment, newest first. Events for no known payment cannot be
    tied to a municipality and are listed to every accounting division."""
    return (
        ProviderEvent.objects.filter(outcome__in=EVENTS_TO_INVESTIGATE)
        .filter(
            Q(payment__isnull=True) | Q(payment__invoice__municipality=municipality)
        )
        .select_related("payment__invoice")
        .order_by("-created_at", "-id")
    )
