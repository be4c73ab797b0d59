"""Invoices staff issue by hand in the console (窓口での賦課・発行)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cityhall.core.models import Municipality
from cityhall.core.services.audit import audit_log
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice
from cityhall.payments.permissions import can_refund
from cityhall.payments.services.invoices import invoice_create


def invoice_create_by_staff(
    *,
    municipality: Municipality,
    actor: Any,
    subject: str,
    fiscal_year: int,
    installment: int,
    amount: int,
    due_date: dt.date,
    payer_name: str,
    payer_name_kana: str = "",
    description: str = "",
) -> Invoice:
    """Accounting staff issue one open invoice; audited with who and what.

    Goes through :func:`invoice_create` (its checks and fresh Pay-easy numbers)
    with ``source=staff``.
    """
    if not can_refund(actor):
        raise PaymentError(
            _("You may not issue invoices."), code="permission_denied", status=403
        )
    with transaction.atomic():
        invoice = invoice_create(
            municipality=municipality,
            subject=subject,
            fiscal_year=fiscal_year,
            installment=installment,
            amount=amount,
            due_date=due_date,
            payer_name=payer_name,
            payer_name_kana=payer_name_kana,
            description=description,
            source=Invoice.Source.STAFF,
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action="payments.invoice.create",
            target=invoice,
            data={"subject": subject, "amount": amount},
        )
    return invoice
