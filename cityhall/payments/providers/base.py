"""What every card provider adapter offers, and the event shape they share.

Both adapters speak Stripe's event format: Stripe's own webhooks, and the
built-in sandbox, which signs events the same way so that the signature check
runs in every environment, including the embedded default.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import stripe
from django.utils.translation import gettext_lazy as _

from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Payment, Refund

State = Payment.State

#: Stripe event types that move a payment, and the state they move it to.
EVENT_STATES: dict[str, str] = {
    "payment_intent.processing": State.SUBMITTED,
    "payment_intent.succeeded": State.SUCCESS,
    "payment_intent.payment_failed": State.FAILED,
    "payment_intent.canceled": State.CANCELLED,
}
#: PaymentIntent statuses that say how a payment ended (or that it is under way).
INTENT_STATES: dict[str, str] = {
    "processing": State.SUBMITTED,
    "succeeded": State.SUCCESS,
    "canceled": State.CANCELLED,
}
#: Metadata key carrying our payment's public id on the provider's side: how an
#: event finds its payment when our record of the provider reference was lost.
PAYMENT_METADATA_KEY = "cityhall_payment"


@dataclass(frozen=True)
class ProviderStart:
    """A payment opened at the provider: its reference, and what the browser
    needs to go on (a page to send the resident to, or a client secret for the
    provider's own script). No card data passes through us."""

    reference: str
    redirect_url: str = ""
    client_secret: str = ""


@dataclass(frozen=True)
class ProviderEventData:
    """One verified provider event, reduced to what the ledger needs.

    ``kind`` is ``payment`` (``state`` is the payment state it reports) or
    ``refund`` (``amount_refunded`` is the provider's running total).
    """

    event_id: str
    kind: str
    provider_reference: str
    state: str = ""
    payment_public_id: str = ""
    amount_refunded: int = 0


class CardProvider(Protocol):
    """A card payment provider adapter."""

    name: str

    def start(self, payment: Payment) -> ProviderStart:
        """Open ``payment`` at the provider; safe to call again for the same
        payment (the provider answers with the same reference)."""
        ...

    def status(self, payment: Payment) -> ProviderEventData | None:
        """Ask the provider where ``payment`` stands (reconciliation); None when
        it has nothing to record yet."""
        ...

    def cancel(self, payment: Payment) -> bool:
        """Close ``payment`` at the provider so that it can no longer take
        money; False when it has already moved on (processing or paid)."""
        ...

    def refund(self, refund: Refund) -> str:
        """Give ``refund`` back through the provider, once per refund; return
        the provider's refund reference."""
        ...

    def parse_webhook(
        self, body: bytes, headers: Mapping[str, str]
    ) -> ProviderEventData | None:
        """Verify and read one webhook; None for event types we do not use.
        A bad signature or a stale timestamp raises ``webhook_signature_invalid``."""
        ...


def signature_invalid() -> PaymentError:
    return PaymentError(
        _("The notification's signature is invalid or too old."),
        code="webhook_signature_invalid",
        status=400,
    )


def _malformed() -> PaymentError:
    return PaymentError(
        _("The notification cannot be read."), code="webhook_malformed", status=400
    )


def signature_verify(
    *, body: bytes, header: str | None, secret: str, tolerance: int
) -> dict[str, Any]:
    """Check a ``t=…,v1=…`` signature header over ``body`` (HMAC-SHA256 of
    ``"{t}.{body}"``) within ``tolerance`` seconds, with the Stripe library's
    own check, and return the parsed event."""
    if not secret or not header:
        raise signature_invalid()
    try:
        stripe.Webhook.construct_event(body, header, secret, tolerance=tolerance)
    except stripe.SignatureVerificationError as exc:
        raise signature_invalid() from exc
    except ValueError as exc:
        raise _malformed() from exc
    try:
        event = json.loads(body)
    except ValueError as exc:
        raise _malformed() from exc
    if not isinstance(event, dict):
        raise _malformed()
    return event


def event_data_from(event: dict[str, Any]) -> ProviderEventData | None:
    """Reduce a Stripe-format event to what the ledger needs (None: not ours)."""
    try:
        event_type = event["type"]
        event_id = str(event["id"])
        obj = event["data"]["object"]
        if event_type in EVENT_STATES:
            metadata = obj.get("metadata") or {}
            return ProviderEventData(
                event_id=event_id,
                kind="payment",
                provider_reference=str(obj["id"]),
                state=EVENT_STATES[event_type],
                payment_public_id=str(metadata.get(PAYMENT_METADATA_KEY, "")),
            )
        if event_type == "charge.refunded":
            return ProviderEventData(
                event_id=event_id,
                kind="refund",
                provider_reference=str(obj["payment_intent"]),
                amount_refunded=int(obj["amount_refunded"]),
            )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _malformed() from exc
    return None
