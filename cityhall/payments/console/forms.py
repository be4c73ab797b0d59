"""Forms of the payments console. Each only parses input; the services decide."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.payments.models import Subject

NOTE_HELP = _("Recorded in the audit trail with your name.")


def upload_max_bytes() -> int:
    """The largest file an upload route takes (CITYHALL_MAX_UPLOAD_MB)."""
    return (
        settings.CITYHALL_UPLOAD_BODY_MAX_BYTES
        - settings.CITYHALL_REQUEST_BODY_MAX_BYTES
    )


class _UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = upload_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.")
                % {"limit": limit // (1024 * 1024)},
                code="too_large",
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        return upload


class BankFileUploadForm(_UploadForm):
    """A Zengin file (振込入金通知, 入出金取引明細, 口座振替結果) or a
    convenience-store report CSV."""

    file = forms.FileField(
        label=_("Bank file"),
        help_text=_(
            "A Zengin file as the bank delivered it (transfer notification, "
            "statement or direct debit results), or a convenience-store report."
        ),
    )


class InvoiceCsvForm(_UploadForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 or Shift_JIS, with a header row: subject, fiscal_year, "
            "installment, amount, due_date, payer_name, payer_name_kana, "
            "description, source_reference."
        ),
    )


class NoteField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Reason"))
        kwargs.setdefault("help_text", NOTE_HELP)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)


OTHER = "other"


class MatchForm(forms.Form):
    """Match a queued bank record to one of its suggestions or to an invoice
    named by its payment number."""

    invoice = forms.ChoiceField(label=_("Invoice"), widget=forms.RadioSelect)
    other_reference = forms.CharField(
        label=_("Other payment number"),
        required=False,
        max_length=20,
        help_text=_("When the invoice is not among the suggestions."),
    )
    note = NoteField()

    def __init__(self, *args: Any, suggestions: list[dict], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [
            (
                s["reference_number"],
                _("%(reference)s — ¥%(amount)s (score %(score)s)")
                % {
                    "reference": s["reference_number"],
                    "amount": f"{s['amount']:,}",
                    "score": s["score"],
                },
            )
            for s in suggestions
        ]
        choices.append((OTHER, _("Another invoice (payment number below)")))
        self.fields["invoice"].choices = choices  # type: ignore[attr-defined]
        if not self.is_bound and suggestions:
            self.initial.setdefault("invoice", suggestions[0]["reference_number"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("invoice") == OTHER:
            reference = (cleaned.get("other_reference") or "").strip()
            if not reference:
                self.add_error(
                    "other_reference", _("Enter the payment number of the invoice.")
                )
            cleaned["reference"] = reference
        else:
            cleaned["reference"] = cleaned.get("invoice", "")
        return cleaned


class DismissForm(forms.Form):
    """Close a queued record without paying an invoice."""

    note = NoteField(
        help_text=_(
            "For example: returned to the payer, not the city's money. "
            "Recorded in the audit trail with your name."
        )
    )


class RefundForm(forms.Form):
    """Amount and reason of a refund; the hidden key makes a second submit of
    the same form refund once."""

    amount = forms.IntegerField(label=_("Amount (yen)"), min_value=1)
    reason = NoteField()
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args: Any, refundable: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = _(
            "At most %(refundable)s yen can still be refunded."
        ) % {"refundable": f"{refundable:,}"}
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class CounterPaymentForm(forms.Form):
    """Cash taken at a counter (窓口収納) for the whole invoice."""

    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=40,
        help_text=_("The number printed on the paper receipt handed over."),
    )


class CancelInvoiceForm(forms.Form):
    reason = NoteField()


class _InvoiceTermsForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount (yen)"), min_value=1)
    due_date = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    installment = forms.IntegerField(
        label=_("Installment"),
        min_value=0,
        max_value=99,
        initial=0,
        help_text=_("期別; 0 when paid in one sum."),
    )
    payer_name = forms.CharField(label=_("Payer name"), max_length=200)
    payer_name_kana = forms.CharField(
        label=_("Payer name (kana)"),
        max_length=200,
        required=False,
        help_text=_("Used to match bank transfers by name."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False
    )


class InvoiceCreateForm(_InvoiceTermsForm):
    """An invoice issued by staff."""

    subject = forms.ChoiceField(label=_("Subject"), choices=Subject.choices)
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year"), min_value=2000, max_value=2200
    )

    field_order = ["subject", "fiscal_year", "installment", "amount", "due_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["fiscal_year"].initial = (
            today.year if today.month >= 4 else today.year - 1
        )


class InvoiceCorrectForm(_InvoiceTermsForm):
    """A correction (更正): the changed terms and why."""

    reason = NoteField()

    CORRECTABLE = (
        "amount",
        "due_date",
        "installment",
        "description",
        "payer_name",
        "payer_name_kana",
    )


class ReportForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    MAX_DAYS = 366

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", _("The end is before the start."))
            elif end - start > dt.timedelta(days=self.MAX_DAYS):
                self.add_error("date_to", _("Choose at most a year at a time."))
        return cleaned
