"""CSV import of invoices (UTF-8 or Shift_JIS), all or nothing.

Columns (header row required, in any order)::

    subject,fiscal_year,installment,amount,due_date,payer_name,payer_name_kana,description,source_reference

``subject`` is a :class:`~cityhall.payments.models.Subject` value, ``amount``
whole yen (full-width digits accepted, no separators), ``due_date``
YYYY-MM-DD; ``installment``, ``payer_name_kana``, ``description`` and
``source_reference`` may be empty. Every row is checked first; if any row is
wrong nothing is created and the error lists each bad row with the column and
the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityhall.core.models import Municipality
from cityhall.core.services.audit import audit_log
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice, Subject
from cityhall.payments.permissions import can_record_counter_payment
from cityhall.payments.services.invoices import invoice_create

REQUIRED = ("subject", "fiscal_year", "amount", "due_date", "payer_name")
OPTIONAL = ("installment", "payer_name_kana", "description", "source_reference")
SOURCE_APP = "csv"


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PaymentError(
        gettext_lazy("The file is neither UTF-8 nor Shift_JIS."), code="csv_encoding"
    )


def _integer(text: str) -> int | None:
    text = unicodedata.normalize("NFKC", text).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _row(
    row: dict[str, str], number: int, errors: list[dict[str, Any]]
) -> dict[str, Any] | None:
    def fail(column: str, message: str) -> None:
        errors.append({"row": number, "column": column, "message": message})

    before = len(errors)
    values = {k: (row.get(k) or "").strip() for k in REQUIRED + OPTIONAL}
    for column in REQUIRED:
        if not values[column]:
            fail(column, _("required"))
    if values["subject"] and values["subject"] not in Subject.values:
        fail("subject", _("unknown subject"))
    fiscal_year = _integer(values["fiscal_year"]) if values["fiscal_year"] else None
    if values["fiscal_year"] and fiscal_year is None:
        fail("fiscal_year", _("not a year"))
    installment = _integer(values["installment"] or "0")
    if installment is None or installment > 99:
        fail("installment", _("not an installment number (0–99)"))
    amount = _integer(values["amount"]) if values["amount"] else None
    if values["amount"] and (amount is None or amount <= 0):
        fail("amount", _("not a whole number of yen above zero"))
    due_date = None
    if values["due_date"]:
        try:
            due_date = dt.date.fromisoformat(values["due_date"])
        except ValueError:
            fail("due_date", _("not a date (YYYY-MM-DD)"))
    if len(errors) > before:
        return None
    return {
        "subject": values["subject"],
        "fiscal_year": fiscal_year,
        "installment": installment,
        "amount": amount,
        "due_date": due_date,
        "payer_name": values["payer_name"],
        "payer_name_kana": values["payer_name_kana"],
        "description": values["description"],
        "source_reference": values["source_reference"],
    }


def invoices_import_csv(
    *, data: bytes, municipality: Municipality, actor: Any
) -> list[Invoice]:
    """Create one open invoice per row, or none: a file with any bad row raises
    ``PaymentError(code="csv_invalid")`` whose ``extra["errors"]`` lists every
    bad row (1-based, header = row 1), column and reason. Audited."""
    if not can_record_counter_payment(actor):
        raise PaymentError(
            gettext_lazy("You may not import invoices."),
            code="permission_denied",
            status=403,
        )
    reader = csv.DictReader(io.StringIO(_decode(data)))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise PaymentError(
            gettext_lazy("Missing columns: %(columns)s")
            % {"columns": ", ".join(missing)},
            code="csv_invalid",
            extra={
                "errors": [
                    {"row": 1, "column": c, "message": "missing"} for c in missing
                ]
            },
        )
    errors: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    seen_references: set[str] = set()
    for number, raw in enumerate(reader, start=2):
        parsed = _row(raw, number, errors)
        if parsed is None:
            continue
        reference = parsed["source_reference"]
        if reference and reference in seen_references:
            errors.append(
                {
                    "row": number,
                    "column": "source_reference",
                    "message": _("repeated in the file"),
                }
            )
            continue
        seen_references.add(reference)
        rows.append(parsed)
    if errors or not rows:
        raise PaymentError(
            gettext_lazy("The file has errors; nothing was imported."),
            code="csv_invalid",
            extra={"errors": errors},
        )
    with transaction.atomic():
        invoices = [
            invoice_create(
                municipality=municipality,
                source=Invoice.Source.IMPORT,
                source_app=SOURCE_APP if row["source_reference"] else "",
                created_by=actor,
                **row,
            )
            for row in rows
        ]
        audit_log(
            actor=actor,
            action="payments.invoice.import",
            data={"count": len(invoices), "total": sum(i.amount for i in invoices)},
        )
    return invoices
