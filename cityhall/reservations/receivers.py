"""What reservations does when payments announces a paid invoice
(:data:`cityhall.payments.signals.invoice_paid`)."""

from __future__ import annotations

from typing import Any

from cityhall.reservations.services.booking import SOURCE_APP, booking_confirm_paid


def on_invoice_paid(*, invoice_id: int, source_app: str, **kwargs: Any) -> None:
    """Confirm the provisional booking billed by the paid invoice (本予約)."""
    if source_app == SOURCE_APP:
        booking_confirm_paid(invoice_id=invoice_id)
