"""``/api/v1/payments/``: the signed-in resident's own invoices and payments.

Every endpoint is scoped by the selectors to the resident's own records: an id
of someone else's invoice or payment answers 404, exactly as an id that does
not exist, so ids cannot be probed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.security import django_auth

from cityhall.common.errors import NotFoundError
from cityhall.payments.models import Invoice, Payment
from cityhall.payments.selectors import (
    invoice_get_for_resident,
    invoice_list_for_resident,
    payment_get_for_resident,
    payment_list_for_resident,
)

router = Router(tags=["payments"], auth=django_auth)


class _ErrorBody(Schema):
    code: str
    message: str
    details: dict[str, Any]


class ErrorOut(Schema):
    """The API's error shape (defined again here: apps sit below ``api``)."""

    error: _ErrorBody


LIST_ERRORS: dict[int, Any] = {401: ErrorOut}
DETAIL_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class InvoiceOut(Schema):
    id: uuid.UUID
    subject: str
    subject_label: str
    description: str
    fiscal_year: int
    installment: int
    amount: int
    due_date: dt.date
    overdue: bool
    status: str
    payment_number: str
    confirmation_number: str


class PaymentOut(Schema):
    id: uuid.UUID
    invoice_id: uuid.UUID
    channel: str
    amount: int
    state: str
    finished: bool
    refunded_amount: int
    paid_at: dt.datetime | None
    receipt_number: str


def _invoice_out(invoice: Invoice) -> InvoiceOut:
    return InvoiceOut(
        id=invoice.public_id,
        subject=invoice.subject,
        subject_label=str(invoice.get_subject_display()),
        description=invoice.description,
        fiscal_year=invoice.fiscal_year,
        installment=invoice.installment,
        amount=invoice.amount,
        due_date=invoice.due_date,
        overdue=invoice.status == Invoice.Status.OPEN
        and invoice.due_date < timezone.localdate(),
        status=invoice.status,
        payment_number=invoice.reference_number,
        confirmation_number=invoice.confirmation_number,
    )


def _payment_out(payment: Payment) -> PaymentOut:
    return PaymentOut(
        id=payment.public_id,
        invoice_id=payment.invoice.public_id,
        channel=payment.channel,
        amount=payment.amount,
        state=payment.state,
        finished=payment.finished,
        refunded_amount=payment.refunded_amount,
        paid_at=payment.paid_at,
        receipt_number=payment.receipt_number,
    )


@router.get(
    "/invoices", response={200: list[InvoiceOut], **LIST_ERRORS}, summary="My invoices"
)
def invoice_list(request: HttpRequest) -> list[InvoiceOut]:
    """The signed-in resident's invoices, by due date."""
    return [_invoice_out(i) for i in invoice_list_for_resident(user=request.user)]


@router.get(
    "/invoices/{invoice_id}",
    response={200: InvoiceOut, **DETAIL_ERRORS},
    summary="One invoice",
)
def invoice_detail(request: HttpRequest, invoice_id: uuid.UUID) -> InvoiceOut:
    """One of the resident's invoices; 404 for any other id."""
    invoice = invoice_get_for_resident(user=request.user, public_id=invoice_id)
    if invoice is None:
        raise NotFoundError(_("No such invoice."))
    return _invoice_out(invoice)


@router.get(
    "/payments", response={200: list[PaymentOut], **LIST_ERRORS}, summary="My payments"
)
def payment_list(request: HttpRequest) -> list[PaymentOut]:
    """Attempts to pay the resident's invoices, newest first."""
    return [_payment_out(p) for p in payment_list_for_resident(user=request.user)]


@router.get(
    "/payments/{payment_id}",
    response={200: PaymentOut, **DETAIL_ERRORS},
    summary="One payment",
)
def payment_detail(request: HttpRequest, payment_id: uuid.UUID) -> PaymentOut:
    """One payment of the resident's invoices; 404 for any other id."""
    payment = payment_get_for_resident(user=request.user, public_id=payment_id)
    if payment is None:
        raise NotFoundError(_("No such payment."))
    return _payment_out(payment)
