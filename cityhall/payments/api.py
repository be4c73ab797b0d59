"""``/api/v1/payments/``: the signed-in resident's own invoices and payments,
and starting a card payment of one of their invoices.

Residents authenticate with a personal API token or the session (with the CSRF
header for the POST): see :mod:`cityhall.core.api_auth`. Every endpoint is
scoped by the selectors to the resident's own records: an id of someone else's
invoice or payment answers 404, exactly as an id that does not exist, so ids
cannot be probed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from cityhall.common.errors import NotFoundError
from cityhall.core.api_auth import resident_auth
from cityhall.core.api_idempotency import IdempotencyKeyHeader, idempotent_json
from cityhall.payments.models import Channel, Invoice, Payment
from cityhall.payments.providers import card_provider
from cityhall.payments.selectors import (
    invoice_get_for_resident,
    invoice_list_for_resident,
    payment_get_for_resident,
    payment_list_for_resident,
)
from cityhall.payments.services.card import card_payment_start
from cityhall.payments.services.payments import payment_create

router = Router(tags=["payments"], auth=resident_auth)


class _ErrorBody(Schema):
    code: str
    message: str
    details: dict[str, Any]


class ErrorOut(Schema):
    """The API's error shape (defined again here: apps sit below ``api``)."""

    error: _ErrorBody


LIST_ERRORS: dict[int, Any] = {401: ErrorOut}
DETAIL_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CREATE_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
    503: ErrorOut,
}


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


class PaymentStartIn(Schema):
    invoice: uuid.UUID
    method: Literal["card"]


class PaymentStartOut(PaymentOut):
    checkout_url: str | None
    client_secret: str | None


@router.post(
    "/payments",
    response={201: PaymentStartOut, **CREATE_ERRORS},
    summary="Start paying an invoice by card",
    operation_id="payments_payment_start",
)
def payment_start(
    request: HttpRequest,
    payload: PaymentStartIn,
    idempotency_key: IdempotencyKeyHeader = None,
) -> HttpResponse:
    """Open a card payment of one of the resident's open invoices and say
    where the resident completes it: ``checkout_url`` (the provider's page) or,
    for providers paid in the page with their own script (Stripe),
    ``client_secret``. 404 for anyone else's invoice; 409
    ``invoice_not_payable`` when it is paid, cancelled or replaced, 409
    ``payment_in_progress`` while an earlier attempt is under way.
    """
    invoice = invoice_get_for_resident(user=request.user, public_id=payload.invoice)
    if invoice is None:
        raise NotFoundError(_("No such invoice."))

    def run() -> tuple[int, PaymentStartOut]:
        payment = payment_create(
            invoice=invoice,
            channel=Channel.CARD,
            # Without a client key every request is its own attempt.
            idempotency_key=idempotency_key or uuid.uuid4().hex,
            idempotency_scope=f"api:user:{request.user.public_id}",  # type: ignore[union-attr]
            provider=card_provider().name,
        )
        started = card_payment_start(payment=payment)
        payment.refresh_from_db()
        return 201, PaymentStartOut(
            **_payment_out(payment).model_dump(),
            # A provider paid in our own page (Stripe's Payment Element) is
            # completed on the resident's card page, which hosts its fields.
            checkout_url=request.build_absolute_uri(
                started.redirect_url
                or reverse("payments:card_page", args=[payment.public_id])
            ),
            client_secret=started.client_secret or None,
        )

    return idempotent_json(
        request,
        key=idempotency_key,
        payload=payload.model_dump(mode="json"),
        run=run,
    )
