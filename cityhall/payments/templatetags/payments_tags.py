"""Filters of the resident's payment pages: ``{{ amount|yen }}`` and
``{{ invoice|installment }}`` (期別)."""

from __future__ import annotations

from django import template

from cityhall.payments.display import installment_text, yen_text
from cityhall.payments.models import Invoice

register = template.Library()


@register.filter
def yen(amount: int | None) -> str:
    """12300 → "12,300 yen" in the active language."""
    return "" if amount is None else yen_text(amount)


@register.filter
def installment(invoice: Invoice) -> str:
    """The invoice's 期別 in words."""
    return installment_text(invoice)
