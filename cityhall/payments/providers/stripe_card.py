"""Card payments through Stripe PaymentIntents, on the official library.

The resident's card details go from their browser to Stripe (Stripe.js with the
client secret); we only ever see the PaymentIntent. Amounts are yen, a
zero-decimal currency at Stripe, so they are sent as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Payment, Refund
from cityhall.payments.providers.base import (
    INTENT_STATES,
    PAYMENT_METADATA_KEY,
    ProviderEventData,
    ProviderStart,
    event_data_from,
    signature_verify,
)


def _unavailable() -> PaymentError:
    return PaymentError(
        _("The card payment service cannot be reached. Please try again later."),
        code="provider_unavailable",
        status=502,
    )


class StripeProvider:
    """Stripe: PaymentIntents, refunds and signed webhooks."""

    name = "stripe"

    def _client(self) -> stripe.StripeClient:
        base = settings.CITYHALL_STRIPE_API_BASE
        return stripe.StripeClient(
            settings.CITYHALL_STRIPE_SECRET_KEY,
            base_addresses={"api": base} if base else None,
            max_network_retries=2,
        )

    def _intent_open(self, payment: Payment) -> Any:
        # The idempotency key is one per payment: a retried start (or the
        # reconciliation of a start whose answer we lost) gets Stripe's first
        # answer back instead of a second PaymentIntent.
        try:
            return self._client().v1.payment_intents.create(
                params={
                    "amount": payment.amount,
                    "currency": "jpy",
                    "allowed_payment_method_types": ["card"],
                    "metadata": {
                        PAYMENT_METADATA_KEY: str(payment.public_id),
                        "cityhall_invoice": str(payment.invoice.public_id),
                    },
                },
                options={"idempotency_key": f"cityhall-payment-{payment.public_id}"},
            )
        except stripe.StripeError as exc:
            raise _unavailable() from exc

    def start(self, payment: Payment) -> ProviderStart:
        intent = self._intent_open(payment)
        return ProviderStart(reference=intent.id, client_secret=intent.client_secret)

    def status(self, payment: Payment) -> ProviderEventData | None:
        if payment.provider_reference:
            try:
                intent = self._client().v1.payment_intents.retrieve(
                    payment.provider_reference
                )
            except stripe.StripeError as exc:
                raise _unavailable() from exc
        else:
            intent = self._intent_open(payment)
        state = INTENT_STATES.get(intent.status)
        if state is None:
            return None
        return ProviderEventData(
            event_id=f"reconcile:{intent.id}:{intent.status}",
            kind="payment",
            provider_reference=intent.id,
            state=state,
            payment_public_id=str(payment.public_id),
        )

    def cancel(self, payment: Payment) -> bool:
        client = self._client()
        try:
            intent = client.v1.payment_intents.cancel(
                payment.provider_reference,
                options={"idempotency_key": f"cityhall-cancel-{payment.public_id}"},
            )
        except stripe.InvalidRequestError as exc:
            if exc.code != "payment_intent_unexpected_state":
                raise _unavailable() from exc
            try:
                intent = client.v1.payment_intents.retrieve(payment.provider_reference)
            except stripe.StripeError as retrieve_exc:
                raise _unavailable() from retrieve_exc
        except stripe.StripeError as exc:
            raise _unavailable() from exc
        return bool(intent.status == "canceled")

    def refund(self, refund: Refund) -> str:
        try:
            created = self._client().v1.refunds.create(
                params={
                    "payment_intent": refund.payment.provider_reference,
                    "amount": refund.amount,
                    "metadata": {"cityhall_refund": str(refund.public_id)},
                },
                options={"idempotency_key": f"cityhall-refund-{refund.public_id}"},
            )
        except stripe.StripeError as exc:
            raise _unavailable() from exc
        return str(created.id)

    def parse_webhook(
        self, body: bytes, headers: Mapping[str, str]
    ) -> ProviderEventData | None:
        event = signature_verify(
            body=body,
            header=headers.get("Stripe-Signature"),
            secret=settings.CITYHALL_STRIPE_WEBHOOK_SECRET,
            tolerance=settings.CITYHALL_STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
        return event_data_from(event)
