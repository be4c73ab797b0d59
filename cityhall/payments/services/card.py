"""Card payments (クレジットカード収納) through a provider adapter.

``card_payment_start`` opens an attempt at the provider, ``card_webhook_receive``
takes the provider's verified events (Stripe's webhooks, the sandbox's own), and
``card_payment_reconcile`` asks the provider where an attempt stands. All three
end in ``payment_provider_event_apply``, which records each event once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Channel, Payment, ProviderEvent, Refund
from cityhall.payments.providers import (
    CardProvider,
    ProviderEventData,
    ProviderStart,
    card_provider,
    provider_get,
)
from cityhall.payments.services.payments import (
    payment_provider_event_apply,
    payment_transition,
)

logger = logging.getLogger(__name__)


def card_payment_start(*, payment: Payment) -> ProviderStart:
    """Open ``payment`` (a card attempt from ``payment_create``) at the
    configured provider and record the provider's reference.

    Safe to repeat: the provider is asked with a key of this payment, so a
    retried request gets the same reference back and never a second charge.
    """
    provider = card_provider()
    if payment.channel != Channel.CARD or payment.provider != provider.name:
        raise PaymentError(
            _("This payment is not a card payment of the current provider."),
            code="provider_mismatch",
            status=409,
        )
    if payment.finished:
        raise PaymentError(
            _("This payment has already ended."), code="payment_finished", status=409
        )
    started = provider.start(payment)
    payment_transition(
        payment=payment,
        to_state=Payment.State.STARTED,
        provider_reference=started.reference,
    )
    return started


def _payment_link(*, provider: CardProvider, data: ProviderEventData) -> None:
    """Attach the provider's reference to the payment named in the event's
    metadata when we never recorded it (we crashed between the provider's
    answer and our commit), so the event is not lost as unknown."""
    if not data.payment_public_id:
        return
    if Payment.objects.filter(
        provider=provider.name, provider_reference=data.provider_reference
    ).exists():
        return
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(
                public_id=data.payment_public_id,
                provider=provider.name,
                channel=Channel.CARD,
                provider_reference="",
            )
            .first()
        )
        if payment is None:
            return
        if payment.state == Payment.State.CREATED:
            payment_transition(
                payment=payment,
                to_state=Payment.State.STARTED,
                provider_reference=data.provider_reference,
            )
        else:
            # Ended meanwhile (e.g. replaced by a new attempt): keep the
            # reference so the event is recorded against it for staff.
            Payment.objects.filter(pk=payment.pk).update(
                provider_reference=data.provider_reference
            )
        logger.warning(
            "card payment %s: provider reference %s recovered from the provider",
            payment.public_id,
            data.provider_reference,
        )


def _closed_at_provider(*, provider: CardProvider, reference: str) -> bool:
    """Close an attempt at the provider before we call it failed.

    A Stripe PaymentIntent whose card was declined can still be paid with
    another card; were we to record it as failed and the resident then pay,
    the money would arrive on a finished attempt. Cancelling it first makes
    our ``failed`` final at the provider too.
    """
    payment = Payment.objects.filter(
        provider=provider.name, provider_reference=reference, finished=False
    ).first()
    if payment is None:
        return True
    return provider.cancel(payment)


def _event_record(
    *, provider: CardProvider, data: ProviderEventData
) -> ProviderEvent | None:
    if data.kind == "refund":
        payment = Payment.objects.filter(
            provider=provider.name, provider_reference=data.provider_reference
        ).first()
        if payment is None or data.amount_refunded > payment.refunded_amount:
            # A refund made at the provider's console, outside our ledger.
            logger.warning(
                "card refund at %s for %s (%d yen in all) is not in the ledger",
                provider.name,
                data.provider_reference,
                data.amount_refunded,
            )
        return None
    _payment_link(provider=provider, data=data)
    if data.state == Payment.State.FAILED and not _closed_at_provider(
        provider=provider, reference=data.provider_reference
    ):
        # A declined try that the resident followed with another card: the
        # intent went on and its own event will tell how it ended.
        logger.info(
            "card payment %s: failure at %s superseded by a later try",
            data.provider_reference,
            provider.name,
        )
        return None
    return payment_provider_event_apply(
        provider=provider.name,
        event_id=data.event_id,
        provider_reference=data.provider_reference,
        state=data.state,
    )


def card_webhook_receive(
    *, provider_name: str, body: bytes, headers: Mapping[str, str]
) -> ProviderEvent | None:
    """Verify one provider notification and apply it once.

    A forged or stale signature raises ``webhook_signature_invalid`` and changes
    nothing; the same event delivered again returns the first record. Returns
    None for event types that do not concern the ledger.
    """
    provider = provider_get(provider_name)
    data = provider.parse_webhook(body, headers)
    if data is None:
        return None
    return _event_record(provider=provider, data=data)


def card_payment_reconcile(*, payment: Payment) -> ProviderEvent | None:
    """Ask the provider where an unfinished card attempt stands and record it
    (for a webhook that never came, or a start whose answer we lost).

    Recording goes through the same once-per-event path as webhooks, so running
    this any number of times, before or after the webhook, records once.
    """
    provider = provider_get(payment.provider)
    data = provider.status(payment)
    if data is None:
        return None
    return _event_record(provider=provider, data=data)


def card_refund_submit(*, refund: Refund) -> str:
    """Give ``refund`` (recorded by ``refund_create``) back through the card
    provider of its payment; once per refund whatever the retries. Returns the
    provider's refund reference."""
    payment = refund.payment
    if payment.channel != Channel.CARD or not payment.provider_reference:
        raise PaymentError(
            _("This refund is not of a card payment."),
            code="provider_mismatch",
            status=409,
        )
    reference = provider_get(payment.provider).refund(refund)
    logger.info(
        "card refund %s sent to %s as %s", refund.public_id, payment.provider, reference
    )
    return reference


def card_payments_settle(*, older_than: dt.timedelta) -> int:
    """Settle card attempts left ``started`` or ``submitted`` for longer than
    ``older_than`` (the webhook never came, or the resident left) and return
    how many ended.

    Each is first reconciled with the provider; one still waiting for a card
    is closed at the provider and then expired, so it can never take money
    after we gave up on it. Safe to run any number of times.
    """
    cutoff = timezone.now() - older_than
    ended = 0
    stuck = Payment.objects.filter(
        channel=Channel.CARD,
        finished=False,
        state__in=[Payment.State.STARTED, Payment.State.SUBMITTED],
        updated_at__lt=cutoff,
    ).exclude(provider="")
    for payment in stuck:
        card_payment_reconcile(payment=payment)
        payment.refresh_from_db()
        if (
            not payment.finished
            and payment.state == Payment.State.STARTED
            and provider_get(payment.provider).cancel(payment)
        ):
            payment_transition(payment=payment, to_state=Payment.State.EXPIRED)
            payment.refresh_from_db()
        ended += payment.finished
    return ended
