"""Payment attempts and their state machine; money recorded as received.

Online channels (card, Pay-easy online) go through ``payment_create`` and then
``payment_transition`` as the provider reports progress. Channels where the
money has already arrived (bank files, convenience-store reports, counter cash)
use ``payment_record_received``, which writes a finished ``success`` attempt.

Double payment is prevented by the database: one ``success`` per invoice and one
unfinished attempt per invoice (conditional unique constraints), and one payment
per provider reference per channel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.core.services.audit import audit_log
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Channel, Invoice, Payment, ProviderEvent
from cityhall.payments.permissions import can_record_counter_payment, can_refund
from cityhall.payments.services.idempotency import (
    idempotency_conflict,
    idempotency_key_check,
    request_fingerprint,
)
from cityhall.payments.signals import invoice_paid_announce

State = Payment.State

#: Allowed moves of the state machine. A move to the current state is a no-op.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.CREATED: frozenset(
        {State.STARTED, State.SUBMITTED, State.SUCCESS, State.FAILED}
        | {State.CANCELLED, State.EXPIRED}
    ),
    State.STARTED: frozenset(
        {State.SUBMITTED, State.SUCCESS, State.FAILED, State.CANCELLED, State.EXPIRED}
    ),
    State.SUBMITTED: frozenset({State.SUCCESS, State.FAILED, State.EXPIRED}),
    State.SUCCESS: frozenset(),
    State.FAILED: frozenset(),
    State.CANCELLED: frozenset(),
    State.EXPIRED: frozenset(),
}
FINISHED_STATES = frozenset(
    {State.SUCCESS, State.FAILED, State.CANCELLED, State.EXPIRED}
)
#: Order of the unfinished states: a provider event for an earlier one arriving
#: after a later one is stale and ignored.
_PROGRESS: dict[str, int] = {State.CREATED: 0, State.STARTED: 1, State.SUBMITTED: 2}

ONLINE_CHANNELS = frozenset({Channel.CARD, Channel.PAYEASY})
RECEIVED_CHANNELS = frozenset(
    {
        Channel.PAYEASY,
        Channel.CONVENIENCE_STORE,
        Channel.BANK_TRANSFER,
        Channel.DIRECT_DEBIT,
        Channel.COUNTER,
    }
)


def _not_payable() -> PaymentError:
    return PaymentError(
        _("This invoice cannot be paid: it is already paid, cancelled or replaced."),
        code="invoice_not_payable",
        status=409,
    )


def _existing_for_key(scope: str, key: str, fingerprint: str) -> Payment | None:
    existing = Payment.objects.filter(
        idempotency_scope=scope, idempotency_key=key
    ).first()
    if existing is not None and existing.request_fingerprint != fingerprint:
        raise idempotency_conflict()
    return existing


def payment_create(
    *,
    invoice: Invoice,
    channel: str,
    idempotency_key: str,
    idempotency_scope: str,
    provider: str = "",
) -> Payment:
    """Start an attempt to pay ``invoice`` in full, once per idempotency key.

    ``idempotency_scope`` names who chose the key (``user:<uuid>``,
    ``app:reservations``) so that two clients' keys never collide. A retried
    request with the same key and body returns the first attempt; the same key
    with another body is refused (409). An earlier attempt that never reached a
    provider is cancelled; one in progress makes this call fail (409).
    """
    key = idempotency_key_check(idempotency_key)
    if channel not in ONLINE_CHANNELS:
        raise PaymentError(
            _("This channel cannot be paid online."), code="invalid_channel"
        )
    fingerprint = request_fingerprint(
        {"invoice": str(invoice.public_id), "channel": channel, "provider": provider}
    )
    existing = _existing_for_key(idempotency_scope, key, fingerprint)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
            if locked.status != Invoice.Status.OPEN:
                raise _not_payable()
            for live in Payment.objects.select_for_update().filter(
                invoice=locked, finished=False
            ):
                if live.state != State.CREATED:
                    raise PaymentError(
                        _("A payment of this invoice is already in progress."),
                        code="payment_in_progress",
                        status=409,
                    )
                live.state = State.CANCELLED
                live.finished = True
                live.save(update_fields=["state", "finished", "updated_at"])
            return Payment.objects.create(
                invoice=locked,
                channel=channel,
                amount=locked.amount,
                provider=provider,
                idempotency_scope=idempotency_scope,
                idempotency_key=key,
                request_fingerprint=fingerprint,
            )
    except IntegrityError:
        # A concurrent request with the same key won the insert.
        existing = _existing_for_key(idempotency_scope, key, fingerprint)
        if existing is None:
            raise
        return existing


def _settle_invoice_paid(payment: Payment) -> None:
    invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
    if invoice.status != Invoice.Status.OPEN:
        raise _not_payable()
    invoice.status = Invoice.Status.PAID
    invoice.save(update_fields=["status", "updated_at"])
    invoice_paid_announce([invoice])


def payment_transition(
    *,
    payment: Payment,
    to_state: str,
    provider_reference: str = "",
    failure_code: str = "",
) -> tuple[Payment, bool]:
    """Move an attempt to ``to_state``; return it and whether anything changed.

    Safe for provider events delivered twice or out of order: a move to the
    current state, or back to an earlier unfinished state, changes nothing. A
    move out of a finished state to a different one is refused
    (``invalid_transition``). Success marks the invoice paid in the same
    transaction.
    """
    if to_state not in State.values:
        raise PaymentError(_("Unknown payment state."), code="invalid_transition")
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        current = locked.state
        if to_state == current:
            return locked, False
        if (
            current in _PROGRESS
            and to_state in _PROGRESS
            and _PROGRESS[to_state] < _PROGRESS[current]
        ):
            return locked, False
        if to_state not in TRANSITIONS[current]:
            raise PaymentError(
                _("A payment cannot go from %(current)s to %(target)s.")
                % {"current": current, "target": to_state},
                code="invalid_transition",
                status=409,
            )
        locked.state = to_state
        locked.finished = to_state in FINISHED_STATES
        fields = ["state", "finished", "updated_at"]
        if provider_reference:
            locked.provider_reference = provider_reference
            fields.append("provider_reference")
        if failure_code:
            locked.failure_code = failure_code
            fields.append("failure_code")
        if to_state == State.SUCCESS:
            locked.paid_at = timezone.now()
            fields.append("paid_at")
            _settle_invoice_paid(locked)
        locked.save(update_fields=fields)
    return locked, True


def payment_record_received(
    *,
    invoice: Invoice,
    channel: str,
    amount: int,
    provider_reference: str,
    paid_at: dt.datetime | None = None,
    recorded_by: Any | None = None,
    receipt_number: str = "",
) -> Payment:
    """Record money that has already arrived for ``invoice`` as a finished
    ``success`` attempt, and mark the invoice paid.

    ``provider_reference`` identifies the movement in its channel (bank record
    key, receipt number); the same reference twice is refused by a unique
    constraint, so re-reading a file never records twice. The amount must be
    the invoice's in full.
    """
    if channel not in RECEIVED_CHANNELS:
        raise PaymentError(_("Unknown receiving channel."), code="invalid_channel")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise PaymentError(
            _("The amount must be a whole number of yen greater than zero."),
            code="invalid_amount",
        )
    if not provider_reference:
        raise PaymentError(_("A reference is required."), code="reference_required")
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status != Invoice.Status.OPEN:
            raise _not_payable()
        if amount != locked.amount:
            raise PaymentError(
                _("The amount differs from the invoice's."),
                code="amount_mismatch",
                extra={"expected": locked.amount, "received": amount},
            )
        for live in Payment.objects.select_for_update().filter(
            invoice=locked, finished=False
        ):
            if live.state != State.CREATED:
                raise PaymentError(
                    _("A payment of this invoice is already in progress."),
                    code="payment_in_progress",
                    status=409,
                )
            live.state = State.CANCELLED
            live.finished = True
            live.save(update_fields=["state", "finished", "updated_at"])
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    invoice=locked,
                    channel=channel,
                    amount=amount,
                    state=State.SUCCESS,
                    finished=True,
                    provider_reference=provider_reference,
                    receipt_number=receipt_number,
                    paid_at=paid_at or timezone.now(),
                    recorded_by=recorded_by,
                )
        except IntegrityError as exc:
            raise PaymentError(
                _("This payment was already recorded."),
                code="already_recorded",
                status=409,
            ) from exc
        locked.status = Invoice.Status.PAID
        locked.save(update_fields=["status", "updated_at"])
        invoice_paid_announce([locked])
    return payment


def counter_payment_record(
    *, invoice: Invoice, receipt_number: str, actor: Any
) -> Payment:
    """Record cash taken at a counter (窓口) against ``invoice``, with the
    number of the paper receipt handed over; audited."""
    if not can_record_counter_payment(actor):
        raise PaymentError(
            _("You may not record counter payments."),
            code="permission_denied",
            status=403,
        )
    receipt_number = receipt_number.strip()
    if not receipt_number:
        raise PaymentError(
            _("The receipt number is required."), code="receipt_number_required"
        )
    if Payment.objects.filter(receipt_number=receipt_number).exists():
        raise PaymentError(
            _("This receipt number is already used."),
            code="receipt_number_taken",
            status=409,
        )
    with transaction.atomic():
        payment = payment_record_received(
            invoice=invoice,
            channel=Channel.COUNTER,
            amount=invoice.amount,
            provider_reference=f"receipt:{receipt_number}",
            recorded_by=actor,
            receipt_number=receipt_number,
        )
        audit_log(
            actor=actor,
            action="payments.payment.counter",
            target=payment,
            data={"invoice": str(invoice.public_id), "receipt": receipt_number},
        )
    return payment


def payment_cancel(*, payment: Payment, actor: Any, reason: str) -> Payment:
    """Staff cancel an unfinished attempt (e.g. a resident's abandoned card
    payment blocking a counter payment); audited with who and why."""
    if not can_refund(actor):
        raise PaymentError(
            _("You may not cancel payments."), code="permission_denied", status=403
        )
    if not reason.strip():
        raise PaymentError(_("A reason is required."), code="reason_required")
    with transaction.atomic():
        cancelled, _changed = payment_transition(
            payment=payment, to_state=State.CANCELLED
        )
        audit_log(
            actor=actor,
            action="payments.payment.cancel",
            target=cancelled,
            data={"reason": reason, "invoice": str(payment.invoice.public_id)},
        )
    return cancelled


def payment_attempts_expire(*, older_than: dt.timedelta) -> int:
    """Expire attempts still ``created`` after ``older_than`` and return how many.

    Only ``created`` attempts: nothing was sent to a provider for them, so
    ending them cannot leave a charge behind. Started attempts are the
    provider adapter's to settle, since only the provider knows whether money
    moved. Safe to run any number of times.
    """
    cutoff = timezone.now() - older_than
    return Payment.objects.filter(
        state=State.CREATED, finished=False, created_at__lt=cutoff
    ).update(state=State.EXPIRED, finished=True, updated_at=timezone.now())


def payment_provider_event_apply(
    *, provider: str, event_id: str, provider_reference: str, state: str
) -> ProviderEvent:
    """Apply one provider notification (already verified by its adapter) once.

    A second delivery of the same event id returns the first record and changes
    nothing. Events out of order are stale; an event contradicting a finished
    attempt, or a success for an invoice paid another way, is kept with that
    outcome for staff (a refund at the provider may be needed) instead of being
    dropped.
    """
    if state not in State.values:
        raise PaymentError(_("Unknown payment state."), code="invalid_transition")
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(provider=provider, provider_reference=provider_reference)
            .first()
        )
        event = ProviderEvent(
            provider=provider,
            event_id=event_id,
            provider_reference=provider_reference,
            state=state,
            payment=payment,
            outcome=ProviderEvent.Outcome.UNKNOWN_PAYMENT,
        )
        try:
            with transaction.atomic():
                event.save(force_insert=True)
        except IntegrityError:
            return ProviderEvent.objects.get(provider=provider, event_id=event_id)
        if payment is None:
            return event
        if payment.finished and state in _PROGRESS:
            # e.g. 'submitted' delivered after 'success': nothing to do.
            event.outcome = ProviderEvent.Outcome.STALE
            event.save(update_fields=["outcome", "updated_at"])
            return event
        try:
            with transaction.atomic():
                _payment, changed = payment_transition(payment=payment, to_state=state)
            event.outcome = (
                ProviderEvent.Outcome.APPLIED
                if changed
                else ProviderEvent.Outcome.STALE
            )
        except PaymentError as error:
            event.outcome = (
                ProviderEvent.Outcome.NOT_PAYABLE
                if error.code == "invoice_not_payable"
                else ProviderEvent.Outcome.CONFLICT
            )
        event.save(update_fields=["outcome", "updated_at"])
    return event
