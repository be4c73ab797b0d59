"""Refunds (還付): give back part or all of a successful payment."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cityhall.core.services.audit import audit_log
from cityhall.payments import tasks
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Channel, Invoice, Payment, Refund
from cityhall.payments.permissions import can_refund
from cityhall.payments.services.idempotency import (
    idempotency_conflict,
    idempotency_key_check,
    request_fingerprint,
)


def _existing(scope: str, key: str, fingerprint: str) -> Refund | None:
    existing = Refund.objects.filter(
        idempotency_scope=scope, idempotency_key=key
    ).first()
    if existing is not None and existing.request_fingerprint != fingerprint:
        raise idempotency_conflict()
    return existing


def _amount_check(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise PaymentError(
            _("The amount must be a whole number of yen greater than zero."),
            code="invalid_amount",
        )


def _not_refundable() -> PaymentError:
    return PaymentError(
        _("Only a successful payment can be refunded."),
        code="payment_not_refundable",
        status=409,
    )


def _refund_record(
    locked: Payment,
    *,
    amount: int,
    reason: str,
    scope: str,
    key: str,
    fingerprint: str,
    created_by: Any,
    audit_action: str,
    audit_data: dict[str, Any],
) -> Refund:
    """Write one refund of the row-locked successful ``locked`` payment: the
    refundable check, the ledger rows, the invoice's status, the card refund
    after commit and the audit record. Call inside the transaction."""
    refundable = locked.refundable_amount
    if amount > refundable:
        raise PaymentError(
            _("At most %(refundable)s yen can still be refunded.")
            % {"refundable": f"{refundable:,}"},
            code="refund_exceeds_refundable",
            status=409,
            extra={"refundable": refundable},
        )
    refund = Refund.objects.create(
        payment=locked,
        amount=amount,
        reason=reason,
        idempotency_scope=scope,
        idempotency_key=key,
        request_fingerprint=fingerprint,
        created_by=created_by,
    )
    Payment.objects.filter(pk=locked.pk).update(
        refunded_amount=F("refunded_amount") + amount
    )
    if amount == refundable:
        Invoice.objects.filter(pk=locked.invoice_id).update(
            status=Invoice.Status.REFUNDED
        )
    if locked.channel == Channel.CARD and locked.provider:
        # The money goes back through the card provider once the ledger has
        # it; a rollback sends nothing.
        transaction.on_commit(lambda: tasks.card_refund_send.enqueue(refund.pk))
    audit_log(
        actor=created_by,
        action=audit_action,
        target=refund,
        data={**audit_data, "amount": amount, "reason": reason},
    )
    return refund


def refund_create(
    *,
    payment: Payment,
    amount: int,
    reason: str,
    idempotency_key: str,
    actor: Any,
) -> Refund:
    """Refund ``amount`` yen of ``payment``, at most what is still refundable.

    Accounting staff only; audited with who and why. The key is scoped to the
    acting staff member: the same key and body return the first refund, the
    same key with another body is refused. Over-refunding is refused with the
    refundable amount in ``extra["refundable"]``; the database's check on
    ``Payment.refunded_amount`` backs this up against races.
    """
    if not can_refund(actor):
        raise PaymentError(
            _("You may not refund payments."), code="permission_denied", status=403
        )
    key = idempotency_key_check(idempotency_key)
    _amount_check(amount)
    reason = reason.strip()
    if not reason:
        raise PaymentError(_("A reason is required."), code="reason_required")
    scope = f"staff:{actor.public_id}"
    fingerprint = request_fingerprint(
        {"payment": str(payment.public_id), "amount": amount, "reason": reason}
    )
    existing = _existing(scope, key, fingerprint)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            locked = Payment.objects.select_for_update().get(pk=payment.pk)
            if locked.state != Payment.State.SUCCESS:
                raise _not_refundable()
            refundable = locked.refundable_amount
            return _refund_record(
                locked,
                amount=amount,
                reason=reason,
                scope=scope,
                key=key,
                fingerprint=fingerprint,
                created_by=actor,
                audit_action="payments.refund.create",
                audit_data={
                    "payment": str(locked.public_id),
                    "refundable_after": refundable - amount,
                },
            )
    except IntegrityError:
        existing = _existing(scope, key, fingerprint)
        if existing is None:
            raise
        return existing


def refund_create_for_source(
    *,
    invoice: Invoice,
    source_app: str,
    amount: int,
    reason: str,
    requested_by: Any,
) -> Refund:
    """Refund ``amount`` yen of ``invoice``'s successful payment on behalf of
    the app that issued the invoice, under that app's own policy (a resident
    cancelling a paid booking). ``requested_by`` is the person who asked
    (recorded as the refund's creator); no staff role is needed, but the app
    may only refund its own invoices. One refund per invoice through this
    route: a retry returns the first refund and a different amount is
    refused. Card refunds go to the provider after commit, as staff refunds
    do."""
    if not source_app or invoice.source_app != source_app:
        raise PaymentError(
            _("This invoice was not issued by this application."),
            code="permission_denied",
            status=403,
        )
    _amount_check(amount)
    scope = f"app:{source_app}"
    key = f"invoice:{invoice.public_id}"
    fingerprint = request_fingerprint(
        {"invoice": str(invoice.public_id), "amount": amount}
    )
    existing = _existing(scope, key, fingerprint)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            locked = (
                Payment.objects.select_for_update()
                .filter(invoice=invoice, state=Payment.State.SUCCESS)
                .first()
            )
            if locked is None:
                raise _not_refundable()
            return _refund_record(
                locked,
                amount=amount,
                reason=reason.strip() or source_app,
                scope=scope,
                key=key,
                fingerprint=fingerprint,
                created_by=requested_by,
                audit_action="payments.refund.create_by_source",
                audit_data={
                    "invoice": str(invoice.public_id),
                    "source_app": source_app,
                },
            )
    except IntegrityError:
        existing = _existing(scope, key, fingerprint)
        if existing is None:
            raise
        return existing
