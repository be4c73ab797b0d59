"""The payments section of the resident's account page: what is left to pay
and the latest payments with their receipts (registered in ``apps.py``
through ``core.residents.extensions``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext

from cityhall.core.residents.extensions import AccountSection
from cityhall.payments.models import Invoice
from cityhall.payments.selectors import (
    invoice_list_for_resident,
    payment_history_for_resident,
)

#: Payments shown on the account page; the invoice list has them all.
HISTORY_LENGTH = 10


def payment_history_section(user: Any, request: HttpRequest) -> AccountSection:
    """Open invoices (a count) and the latest payments: two queries."""
    open_count = (
        invoice_list_for_resident(user=user).filter(status=Invoice.Status.OPEN).count()
    )
    return AccountSection(
        title=gettext("Payments"),
        template_name="payments/resident/_account_section.html",
        context={
            "open_count": open_count,
            "payments": payment_history_for_resident(user=user, limit=HISTORY_LENGTH),
        },
    )
