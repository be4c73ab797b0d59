"""The built-in sandbox provider: a stand-in for a provider's hosted page.

It plays the provider's part inside our own site, for the embedded default and
for trying things out: the resident is sent to its page
(``/payments/sandbox/<reference>/``), types one of the test card numbers, and
the sandbox sends a signed event in Stripe's format to the same service that
takes Stripe's webhooks, so the signature check and the state machine are the
ones real payments use. The card number is never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Payment, Refund
from cityhall.payments.providers.base import (
    PAYMENT_METADATA_KEY,
    ProviderEventData,
    ProviderStart,
    event_data_from,
    signature_verify,
)

SIGNATURE_HEADER = "Cityhall-Sandbox-Signature"
#: Test card numbers and what the sandbox does with them.
CARD_SUCCESS = "4242424242424242"
CARD_DECLINE = "4000000000000002"
CARD_AUTHENTICATE = "4000002760003184"
TEST_CARDS = (CARD_SUCCESS, CARD_DECLINE, CARD_AUTHENTICATE)
TOLERANCE_SECONDS = 300


def sandbox_secret() -> str:
    """The sandbox's signing secret: the setting, or one derived from
    ``SECRET_KEY`` so that the embedded default needs no configuration."""
    configured: str = settings.CITYHALL_SANDBOX_WEBHOOK_SECRET
    if configured:
        return configured
    return hmac.new(
        settings.SECRET_KEY.encode(), b"cityhall.payments.sandbox", hashlib.sha256
    ).hexdigest()


def sandbox_sign(payload: bytes, *, timestamp: int | None = None) -> str:
    """The signature header for ``payload``, in Stripe's ``t=…,v1=…`` form."""
    stamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        sandbox_secret().encode(), f"{stamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={stamp},v1={digest}"


def sandbox_event(*, payment: Payment, event_type: str, sequence: str) -> bytes:
    """The body of one sandbox event about ``payment`` (Stripe's format)."""
    return json.dumps(
        {
            "id": f"sbx_evt_{payment.public_id.hex}_{sequence}",
            "object": "event",
            "type": event_type,
            "data": {
                "object": {
                    "id": payment.provider_reference,
                    "object": "payment_intent",
                    "amount": payment.amount,
                    "currency": "jpy",
                    "metadata": {PAYMENT_METADATA_KEY: str(payment.public_id)},
                }
            },
        },
        separators=(",", ":"),
    ).encode()


class SandboxProvider:
    """The built-in test provider (no real money moves)."""

    name = "sandbox"

    def start(self, payment: Payment) -> ProviderStart:
        if not settings.CITYHALL_PAYMENT_SANDBOX_ENABLED:
            raise PaymentError(
                _("Card payments are not available."),
                code="card_payments_unavailable",
                status=503,
            )
        reference = f"sbx_pi_{payment.public_id.hex}"
        return ProviderStart(
            reference=reference,
            redirect_url=reverse("payments:sandbox_checkout", args=[reference]),
        )

    def status(self, payment: Payment) -> ProviderEventData | None:
        # The sandbox keeps no state of its own: every outcome it reached was
        # delivered to us synchronously, so there is nothing to catch up on.
        return None

    def cancel(self, payment: Payment) -> bool:
        # The sandbox takes money only while its page is being answered.
        return True

    def refund(self, refund: Refund) -> str:
        return f"sbx_re_{refund.public_id.hex}"

    def parse_webhook(
        self, body: bytes, headers: Mapping[str, str]
    ) -> ProviderEventData | None:
        event = signature_verify(
            body=body,
            header=headers.get(SIGNATURE_HEADER),
            secret=sandbox_secret(),
            tolerance=TOLERANCE_SECONDS,
        )
        return event_data_from(event)
