"""Invoices (納付書): creation by other apps, staff or import; correction;
cancellation. An invoice is never edited: its terms are frozen from creation,
and a correction is a new invoice that points at the one it replaces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cityhall.core.models import Municipality
from cityhall.core.services.audit import audit_log
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice, Payment, PaymentSettings, Subject
from cityhall.payments.payeasy import (
    confirmation_number_generate,
    payment_number_generate,
    payment_number_is_valid,
)
from cityhall.payments.payer_names import payer_name_fold
from cityhall.payments.permissions import can_refund

_NUMBER_ATTEMPTS = 20


def payment_settings_for(municipality: Municipality) -> PaymentSettings:
    """The municipality's payment settings, created with defaults if missing."""
    settings, _created = PaymentSettings.objects.get_or_create(
        municipality=municipality
    )
    return settings


def _check_amount(amount: Any) -> int:
    # bool is an int subclass and a float would silently lose yen: both refused.
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise PaymentError(
            _("The amount must be a whole number of yen greater than zero."),
            code="invalid_amount",
        )
    return amount


def _terms(
    *,
    subject: str,
    fiscal_year: int,
    installment: int,
    amount: int,
    due_date: dt.date,
    payer_name: str,
    payer_name_kana: str,
    resident: Any,
    description: str,
) -> dict[str, Any]:
    if subject not in Subject.values:
        raise PaymentError(_("Unknown invoice subject."), code="invalid_subject")
    if not payer_name.strip():
        raise PaymentError(_("The payer's name is required."), code="invalid_payer")
    if not 2000 <= fiscal_year <= 2200 or not 0 <= installment <= 99:
        raise PaymentError(
            _("The fiscal year or installment is out of range."),
            code="invalid_period",
        )
    return {
        "subject": subject,
        "fiscal_year": fiscal_year,
        "installment": installment,
        "amount": _check_amount(amount),
        "due_date": due_date,
        "payer_name": payer_name.strip(),
        "payer_name_kana": payer_name_fold(payer_name_kana),
        "resident": resident,
        "description": description.strip(),
    }


def _insert_with_numbers(
    *,
    municipality: Municipality,
    fields: dict[str, Any],
    reference_number: str = "",
) -> Invoice:
    settings = payment_settings_for(municipality)
    if reference_number:
        if not payment_number_is_valid(
            reference_number, digits=settings.payeasy_number_digits
        ):
            raise PaymentError(
                _("The payment number has the wrong length or check digit."),
                code="invalid_reference_number",
            )
        if Invoice.objects.filter(
            municipality=municipality, reference_number=reference_number
        ).exists():
            raise PaymentError(
                _("This payment number is already used."),
                code="reference_number_taken",
                status=409,
            )
        invoice = Invoice(
            municipality=municipality,
            reference_number=reference_number,
            confirmation_number=confirmation_number_generate(
                digits=settings.payeasy_confirmation_digits
            ),
            **fields,
        )
        invoice.save(force_insert=True)
        return invoice
    for _attempt in range(_NUMBER_ATTEMPTS):
        invoice = Invoice(
            municipality=municipality,
            reference_number=payment_number_generate(
                digits=settings.payeasy_number_digits
            ),
            confirmation_number=confirmation_number_generate(
                digits=settings.payeasy_confirmation_digits
            ),
            **fields,
        )
        try:
            with transaction.atomic():
                invoice.save(force_insert=True)
            return invoice
        except IntegrityError:
            if Invoice.objects.filter(
                municipality=municipality,
                reference_number=invoice.reference_number,
            ).exists():
                continue  # random number collided: draw another
            raise
    raise RuntimeError("Could not draw a free payment number.")


def invoice_create(
    *,
    municipality: Municipality,
    subject: str,
    fiscal_year: int,
    amount: int,
    due_date: dt.date,
    payer_name: str,
    payer_name_kana: str = "",
    resident: Any | None = None,
    installment: int = 0,
    description: str = "",
    source: str = Invoice.Source.APP,
    source_app: str = "",
    source_reference: str = "",
    created_by: Any | None = None,
    reference_number: str = "",
) -> Invoice:
    """Create an open invoice with fresh Pay-easy numbers.

    ``reference_number`` keeps a payment number already printed elsewhere (a
    migrated 納付書, the demo's sample bank files); it must have the
    municipality's length and check digit and be unused.

    Other apps pass ``source_app`` and ``source_reference`` (their booking or
    application id); calling again with the same pair and the same terms
    returns the first invoice, with different terms it is refused, so a retried
    call never bills twice.
    """
    terms = _terms(
        subject=subject,
        fiscal_year=fiscal_year,
        installment=installment,
        amount=amount,
        due_date=due_date,
        payer_name=payer_name,
        payer_name_kana=payer_name_kana,
        resident=resident,
        description=description,
    )
    if source not in Invoice.Source.values:
        raise PaymentError(_("Unknown invoice source."), code="invalid_source")
    if source_reference:
        existing = Invoice.objects.filter(
            source_app=source_app, source_reference=source_reference
        ).first()
        if existing is not None:
            same = all(
                getattr(existing, name) == value
                for name, value in terms.items()
                if name != "resident"
            ) and existing.resident_id == getattr(resident, "pk", None)
            if same:
                return existing
            raise PaymentError(
                _("An invoice for this reference already exists with other terms."),
                code="duplicate_source_reference",
                status=409,
            )
    with transaction.atomic():
        return _insert_with_numbers(
            municipality=municipality,
            fields={
                **terms,
                "source": source,
                "source_app": source_app,
                "source_reference": source_reference,
                "created_by": created_by,
            },
            reference_number=reference_number,
        )


def _lock_open_without_live_attempt(invoice: Invoice) -> Invoice:
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.status != Invoice.Status.OPEN:
        raise PaymentError(
            _("Only an open invoice can be changed."), code="invoice_locked"
        )
    live = Payment.objects.select_for_update().filter(invoice=locked, finished=False)
    for attempt in live:
        if attempt.state != Payment.State.CREATED:
            raise PaymentError(
                _("A payment of this invoice is in progress."),
                code="payment_in_progress",
                status=409,
            )
        # Nothing was sent to a provider yet: the attempt can simply end.
        attempt.state = Payment.State.CANCELLED
        attempt.finished = True
        attempt.save(update_fields=["state", "finished", "updated_at"])
    return locked


def invoice_correct(
    *, invoice: Invoice, actor: Any, reason: str, **changes: Any
) -> Invoice:
    """Replace an open invoice by a corrected one (更正) and return the new one.

    ``changes`` may set amount, due_date, installment, description, payer_name,
    payer_name_kana. The old invoice becomes ``superseded``; the new one gets
    new Pay-easy numbers and ``corrects`` the old. Audited with who and why.
    """
    allowed = {
        "amount",
        "due_date",
        "installment",
        "description",
        "payer_name",
        "payer_name_kana",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise PaymentError(
            _("These fields cannot be corrected: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))},
            code="invalid_correction",
        )
    if not reason.strip():
        raise PaymentError(_("A reason is required."), code="reason_required")
    with transaction.atomic():
        old = _lock_open_without_live_attempt(invoice)
        terms = _terms(
            subject=old.subject,
            fiscal_year=old.fiscal_year,
            installment=changes.get("installment", old.installment),
            amount=changes.get("amount", old.amount),
            due_date=changes.get("due_date", old.due_date),
            payer_name=changes.get("payer_name", old.payer_name),
            payer_name_kana=changes.get("payer_name_kana", old.payer_name_kana),
            resident=old.resident,
            description=changes.get("description", old.description),
        )
        old.status = Invoice.Status.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        new = _insert_with_numbers(
            municipality=old.municipality,
            fields={
                **terms,
                "corrects": old,
                "source": old.source,
                "source_app": old.source_app,
                "created_by": actor,
            },
        )
        audit_log(
            actor=actor,
            action="payments.invoice.correct",
            target=new,
            data={
                "reason": reason,
                "corrects": str(old.public_id),
                "old_amount": old.amount,
                "new_amount": new.amount,
            },
        )
    return new


def invoice_cancel(*, invoice: Invoice, actor: Any, reason: str) -> Invoice:
    """Cancel an open invoice nobody is paying (賦課取消); audited with why.

    Only accounting staff may cancel. An attempt that never reached a provider
    is cancelled with it; one in progress blocks the cancellation.
    """
    if not can_refund(actor):
        raise PaymentError(
            _("You may not cancel invoices."), code="permission_denied", status=403
        )
    if not reason.strip():
        raise PaymentError(_("A reason is required."), code="reason_required")
    with transaction.atomic():
        locked = _lock_open_without_live_attempt(invoice)
        locked.status = Invoice.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=actor,
            action="payments.invoice.cancel",
            target=locked,
            data={"reason": reason, "amount": locked.amount},
        )
    return locked


def _check_source(invoice: Invoice, source_app: str) -> None:
    if not source_app or invoice.source_app != source_app:
        raise PaymentError(
            _("This invoice was not issued by this application."),
            code="permission_denied",
            status=403,
        )


def invoice_cancel_for_source(
    *, invoice: Invoice, source_app: str, reason: str
) -> Invoice:
    """Cancel an open invoice on behalf of the app that issued it (a booking
    cancelled or expired unpaid); audited. No staff role is needed: the app
    may only cancel its own invoices (``source_app`` must match), and only
    while nobody is paying them (``payment_in_progress`` otherwise). Already
    cancelled: returned unchanged, so a retry is harmless."""
    _check_source(invoice, source_app)
    with transaction.atomic():
        current = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if current.status == Invoice.Status.CANCELLED:
            return current
        locked = _lock_open_without_live_attempt(current)
        locked.status = Invoice.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=None,
            action="payments.invoice.cancel_by_source",
            target=locked,
            data={"reason": reason, "source_app": source_app},
        )
    return locked
