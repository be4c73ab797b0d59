"""How amounts and instalments read for residents, on pages and on paper."""

from __future__ import annotations

from django.utils.translation import gettext

from cityhall.payments.models import Invoice


def yen_text(amount: int) -> str:
    """Integer yen with thousands separators and the unit in the active
    language: "12,300 yen" (in Japanese "12,300円" from the catalogue)."""
    return gettext("%(amount)s yen") % {"amount": f"{int(amount):,}"}


def installment_text(invoice: Invoice) -> str:
    """期別: "Instalment 2", or "Single payment" for an invoice paid at once."""
    if invoice.installment:
        return gettext("Instalment %(number)d") % {"number": invoice.installment}
    return gettext("Single payment")
