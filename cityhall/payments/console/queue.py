"""The staff queue (消込待ち): bank records no invoice was found for.

Each record shows the reconciliation's ranked suggestions (reference 0.4,
amount 0.35, name 0.25, computed at import); staff match it to one of them or
to another invoice, or dismiss it, always with a reason. The services
(``bank_record_match``, ``bank_record_dismiss``) audit who and why and refuse a
record someone else already dealt with.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error
from cityhall.core.models import Municipality
from cityhall.payments.console import selectors
from cityhall.payments.console.access import accounting_required
from cityhall.payments.console.forms import DismissForm, MatchForm
from cityhall.payments.models import BankRecord
from cityhall.payments.services.reconciliation import (
    bank_record_dismiss,
    bank_record_match,
)

PAGE_SIZE = 50

#: What each queue reason means, for the staff reading the queue.
REASONS = {
    "ambiguous": gettext_lazy("More than one open invoice fits the amount and name."),
    "no_match": gettext_lazy("No open invoice fits the reference, amount or name."),
    "amount_mismatch": gettext_lazy(
        "The reference fits an invoice but the amount differs."
    ),
    "already_paid": gettext_lazy("The invoice it names was already paid."),
    "superseded": gettext_lazy("The invoice it names was replaced by a correction."),
    "cancelled": gettext_lazy("The invoice it names was cancelled."),
    "payment_in_progress": gettext_lazy(
        "A card payment of the invoice was in progress."
    ),
    "cancellation": gettext_lazy("The bank reports a cancelled transfer."),
    "unknown_account": gettext_lazy(
        "The account is not a configured receiving account."
    ),
}


def reason_label(reason: str) -> str:
    """A readable explanation of a queue reason (translated when shown)."""
    if reason.startswith("debit_failed_"):
        return _("The bank could not debit the account (%(result)s).") % {
            "result": reason.removeprefix("debit_failed_").replace("_", " ")
        }
    return str(REASONS.get(reason, reason))


@require_http_methods(["GET"])
@accounting_required
def queue_index(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The records waiting for staff, oldest first, 50 a page."""
    page = Paginator(
        selectors.queue_for_municipality(municipality=municipality), PAGE_SIZE
    ).get_page(request.GET.get("p"))
    rows = [(record, reason_label(record.reason)) for record in page]
    return TemplateResponse(
        request,
        "payments/console/queue_index.html",
        {"page": page, "rows": rows, "object_list": page.object_list},
    )


def _suggestions_with_invoices(
    municipality: Municipality, record: BankRecord
) -> list[dict]:
    suggestions = list(record.suggestions or [])
    invoices = selectors.invoices_by_reference(
        municipality=municipality,
        references=[s["reference_number"] for s in suggestions],
    )
    return [{**s, "invoice": invoices.get(s["reference_number"])} for s in suggestions]


def _record_or_404(municipality: Municipality, public_id: uuid.UUID) -> BankRecord:
    record = selectors.bank_record_get(municipality=municipality, public_id=public_id)
    if record is None:
        raise Http404
    return record


def _detail(
    request: HttpRequest,
    municipality: Municipality,
    record: BankRecord,
    *,
    match_form: MatchForm | None = None,
    dismiss_form: DismissForm | None = None,
) -> TemplateResponse:
    suggestions = _suggestions_with_invoices(municipality, record)
    failed = match_form is not None and match_form.errors
    failed = failed or (dismiss_form is not None and dismiss_form.errors)
    return TemplateResponse(
        request,
        "payments/console/queue_detail.html",
        {
            "record": record,
            "reason": reason_label(record.reason),
            "suggestions": suggestions,
            "match_form": match_form or MatchForm(suggestions=suggestions),
            "dismiss_form": dismiss_form or DismissForm(prefix="dismiss"),
            "is_open": record.status == BankRecord.Status.UNMATCHED,
        },
        status=400 if failed else 200,
    )


@require_http_methods(["GET"])
@accounting_required
def queue_detail(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """One record: what the bank reported, why it waits, the suggestions and
    the two ways to resolve it."""
    return _detail(request, municipality, _record_or_404(municipality, public_id))


@require_http_methods(["POST"])
@accounting_required
def queue_match(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """Match the record to an invoice (手動消込): the invoice is paid."""
    record = _record_or_404(municipality, public_id)
    suggestions = _suggestions_with_invoices(municipality, record)
    form = MatchForm(request.POST, suggestions=suggestions)
    if form.is_valid():
        reference = form.cleaned_data["reference"]
        invoice = selectors.invoices_by_reference(
            municipality=municipality, references=[reference]
        ).get(reference)
        if invoice is None:
            field = (
                "other_reference"
                if form.cleaned_data["invoice"] == "other"
                else "invoice"
            )
            form.add_error(field, _("No invoice has this payment number."))
        else:
            try:
                bank_record_match(
                    record=record,
                    invoice=invoice,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(
                    request,
                    _("The record was matched to invoice %(reference)s.")
                    % {"reference": invoice.reference_number},
                )
                return redirect("payments_console:queue")
    return _detail(request, municipality, record, match_form=form)


@require_http_methods(["POST"])
@accounting_required
def queue_dismiss(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """Close the record without paying an invoice, saying why."""
    record = _record_or_404(municipality, public_id)
    form = DismissForm(request.POST, prefix="dismiss")
    if form.is_valid():
        try:
            bank_record_dismiss(
                record=record, actor=request.user, note=form.cleaned_data["note"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The record was dismissed."))
            return redirect("payments_console:queue")
    return _detail(request, municipality, record, dismiss_form=form)
