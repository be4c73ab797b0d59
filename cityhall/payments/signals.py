"""The payments app's one extension point: ``invoice_paid``.

An exception to "no domain signals" (CONVENTIONS.md), documented here: apps
that bill through payments (reservations, later eforms) must learn that their
invoice was paid, whichever way the money came (card, Pay-easy, bank file,
counter). Payments sits beside them, not above them, so it cannot call their
services; it announces the fact instead.

``invoice_paid`` is sent after the transaction that marked the invoice paid has
committed, with ``invoice_id`` (pk), ``public_id``, ``source_app`` and
``source_reference``. Receivers must be idempotent (a retried import or a
duplicated provider event may announce again) and filter on ``source_app``.
They are called with ``send_robust``: a failing receiver is logged and never
undoes the payment; the receiving app needs its own catch-up (reservations'
hourly task confirms any provisional booking whose invoice is paid).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

invoice_paid = Signal()


def invoice_paid_announce(invoices: Iterable[object]) -> None:
    """Send ``invoice_paid`` for each of ``invoices`` once the current
    transaction commits (at once outside a transaction)."""
    facts = [
        {
            "invoice_id": invoice.pk,  # type: ignore[attr-defined]
            "public_id": invoice.public_id,  # type: ignore[attr-defined]
            "source_app": invoice.source_app,  # type: ignore[attr-defined]
            "source_reference": invoice.source_reference,  # type: ignore[attr-defined]
        }
        for invoice in invoices
    ]
    if not facts:
        return

    def send() -> None:
        for fact in facts:
            for receiver, result in invoice_paid.send_robust(sender=None, **fact):
                if isinstance(result, Exception):
                    logger.error(
                        "invoice_paid receiver %r failed for invoice %s",
                        receiver,
                        fact["public_id"],
                        exc_info=result,
                    )

    transaction.on_commit(send)
