"""The resident's own card checkout: begin a card payment of one of their
invoices, and abandon one they left at the provider's page.

Both act only on the resident's own invoices and attempts; the ledger's rules
(one live attempt, one success per invoice) stay with ``payment_create`` and
``payment_transition``, so a double click or a second browser tab can never
charge twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Channel, Invoice, Payment
from cityhall.payments.providers import ProviderStart, card_provider, provider_get
from cityhall.payments.services.card import card_payment_reconcile, card_payment_start
from cityhall.payments.services.payments import payment_create, payment_transition


@dataclass(frozen=True)
class CardCheckout:
    """A card attempt and where the browser goes next: the provider's page
    (``start``), or, when the attempt has already ended (the same form sent
    twice after it finished), nowhere but its result (``start`` is None)."""

    payment: Payment
    start: ProviderStart | None


def resident_idempotency_scope(user: Any) -> str:
    """The scope of keys a resident's browser chooses (``user:<public id>``)."""
    return f"user:{user.public_id}"


def _not_yours() -> PaymentError:
    return PaymentError(
        _("This invoice or payment was not found."), code="not_found", status=404
    )


def card_checkout_begin(
    *, invoice: Invoice, user: Any, idempotency_key: str
) -> CardCheckout:
    """Begin (or, for the same key, resume) paying ``invoice`` by card.

    ``idempotency_key`` comes from the form the resident submitted, so the same
    form sent twice (a double click, a reload) reaches the same attempt and the
    provider is asked for it again with its own key: never a second charge. A
    second tab's form has another key and is refused with
    ``payment_in_progress`` while the first attempt is at the provider.
    """
    if invoice.resident_id != user.pk:
        raise _not_yours()
    payment = payment_create(
        invoice=invoice,
        channel=Channel.CARD,
        idempotency_key=idempotency_key,
        idempotency_scope=resident_idempotency_scope(user),
        provider=card_provider().name,
    )
    if payment.finished:
        return CardCheckout(payment=payment, start=None)
    return CardCheckout(payment=payment, start=card_payment_start(payment=payment))


def card_checkout_resume(*, payment: Payment, user: Any) -> ProviderStart:
    """Send the resident back to the provider's page of an attempt they left
    unfinished (the provider answers with the same payment, not a new one)."""
    if payment.invoice.resident_id != user.pk:
        raise _not_yours()
    return card_payment_start(payment=payment)


def card_checkout_abandon(*, payment: Payment, user: Any) -> Payment:
    """The resident gives up an unfinished card attempt (they left the
    provider's page, or an authentication step they could not complete).

    The attempt is first closed at the provider, so that it can no longer take
    money; when the provider says it has already moved on (the card was being
    charged), its state is asked for and recorded instead, and the attempt is
    left to end as the provider reports. Returns the attempt as it now stands;
    an attempt that has already ended is returned unchanged.
    """
    if payment.invoice.resident_id != user.pk:
        raise _not_yours()
    if payment.finished:
        return payment
    if payment.channel != Channel.CARD:
        raise PaymentError(
            _("Only a card payment can be cancelled here."),
            code="invalid_channel",
            status=409,
        )
    closable = payment.state in (Payment.State.CREATED, Payment.State.STARTED)
    if payment.provider_reference and (
        not closable or not provider_get(payment.provider).cancel(payment)
    ):
        card_payment_reconcile(payment=payment)
        return Payment.objects.select_related("invoice").get(pk=payment.pk)
    try:
        with transaction.atomic():
            payment_transition(payment=payment, to_state=Payment.State.CANCELLED)
    except PaymentError as error:
        # It ended meanwhile (the provider's success or failure came first):
        # that outcome stands.
        if error.code != "invalid_transition":
            raise
    return Payment.objects.select_related("invoice").get(pk=payment.pk)
