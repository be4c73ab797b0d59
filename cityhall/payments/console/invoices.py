"""Invoices in the console: search, issue by hand, counter cash (窓口収納),
cancellation (賦課取消), correction (更正) and CSV import.

An invoice is never edited: a correction is a new invoice referencing the old,
made by ``invoice_correct``. Every write goes through the invoice and payment
services, which check the state and write the audit record.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error
from cityhall.core.models import Municipality
from cityhall.payments.console import selectors
from cityhall.payments.console.access import accounting_required
from cityhall.payments.console.forms import (
    CancelInvoiceForm,
    CounterPaymentForm,
    InvoiceCorrectForm,
    InvoiceCreateForm,
    InvoiceCsvForm,
)
from cityhall.payments.models import Invoice
from cityhall.payments.services.invoice_import import invoices_import_csv
from cityhall.payments.services.invoices import invoice_cancel, invoice_correct
from cityhall.payments.services.payments import counter_payment_record
from cityhall.payments.services.staff_invoices import invoice_create_by_staff

PAGE_SIZE = 50


def _invoice_or_404(municipality: Municipality, public_id: uuid.UUID) -> Invoice:
    invoice = selectors.invoice_get(municipality=municipality, public_id=public_id)
    if invoice is None:
        raise Http404
    return invoice


@require_http_methods(["GET"])
@accounting_required
def invoice_index(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Invoices, newest first; ``q`` narrows by payment number or payer."""
    query = request.GET.get("q", "")[:100]
    page = Paginator(
        selectors.invoice_search(municipality=municipality, query=query), PAGE_SIZE
    ).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "payments/console/invoice_index.html",
        {
            "page": page,
            "query": query,
            "filter_query": urlencode({"q": query}) if query else "",
            "object_list": page.object_list,
        },
    )


@require_http_methods(["GET", "POST"])
@accounting_required
def invoice_new(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Issue an invoice by hand."""
    form = InvoiceCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invoice = invoice_create_by_staff(
                municipality=municipality, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Invoice %(reference)s was issued.")
                % {"reference": invoice.reference_number},
            )
            return redirect("payments_console:invoice", invoice.public_id)
    return TemplateResponse(
        request,
        "payments/console/invoice_form.html",
        {"form": form, "title": _("Issue an invoice")},
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest,
    invoice: Invoice,
    *,
    counter_form: CounterPaymentForm | None = None,
    cancel_form: CancelInvoiceForm | None = None,
) -> TemplateResponse:
    failed = any(f is not None and f.errors for f in (counter_form, cancel_form))
    return TemplateResponse(
        request,
        "payments/console/invoice_detail.html",
        {
            "invoice": invoice,
            "payments": selectors.invoice_payments(invoice=invoice),
            "is_open": invoice.status == Invoice.Status.OPEN,
            "counter_form": counter_form or CounterPaymentForm(prefix="counter"),
            "cancel_form": cancel_form or CancelInvoiceForm(prefix="cancel"),
        },
        status=400 if failed else 200,
    )


@require_http_methods(["GET"])
@accounting_required
def invoice_detail(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """An invoice, its payment attempts, and what staff can do with it."""
    return _detail(request, _invoice_or_404(municipality, public_id))


@require_http_methods(["POST"])
@accounting_required
def invoice_counter_payment(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """Record cash taken at the counter, with the receipt number."""
    invoice = _invoice_or_404(municipality, public_id)
    form = CounterPaymentForm(request.POST, prefix="counter")
    if form.is_valid():
        try:
            counter_payment_record(
                invoice=invoice,
                receipt_number=form.cleaned_data["receipt_number"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_application_error(form, error, field="receipt_number")
        else:
            messages.success(request, _("The counter payment was recorded."))
            return redirect("payments_console:invoice", invoice.public_id)
    return _detail(request, invoice, counter_form=form)


@require_http_methods(["POST"])
@accounting_required
def invoice_cancel_view(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """Cancel an open invoice nobody is paying, saying why."""
    invoice = _invoice_or_404(municipality, public_id)
    form = CancelInvoiceForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            invoice_cancel(
                invoice=invoice, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The invoice was cancelled."))
            return redirect("payments_console:invoice", invoice.public_id)
    return _detail(request, invoice, cancel_form=form)


@require_http_methods(["GET", "POST"])
@accounting_required
def invoice_correct_view(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """Replace an open invoice by a corrected one (a new record that
    references the old)."""
    invoice = _invoice_or_404(municipality, public_id)
    initial = {name: getattr(invoice, name) for name in InvoiceCorrectForm.CORRECTABLE}
    form = InvoiceCorrectForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        changes: dict[str, Any] = {
            name: form.cleaned_data[name]
            for name in InvoiceCorrectForm.CORRECTABLE
            if form.cleaned_data[name] != initial[name]
        }
        try:
            new = invoice_correct(
                invoice=invoice,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                **changes,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Invoice %(old)s was replaced by %(new)s.")
                % {"old": invoice.reference_number, "new": new.reference_number},
            )
            return redirect("payments_console:invoice", new.public_id)
    return TemplateResponse(
        request,
        "payments/console/invoice_form.html",
        {
            "form": form,
            "invoice": invoice,
            "title": _("Correct invoice %(reference)s")
            % {"reference": invoice.reference_number},
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@accounting_required
def invoice_import(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Import invoices from CSV, all or nothing; every bad row is listed."""
    form = InvoiceCsvForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    row_errors: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            invoices = invoices_import_csv(
                data=form.cleaned_data["file"].read(),
                municipality=municipality,
                actor=request.user,
            )
        except ApplicationError as error:
            add_application_error(form, error, field="file")
            row_errors = list(error.extra.get("errors", []))
        else:
            messages.success(
                request,
                _("%(count)s invoices were imported.") % {"count": len(invoices)},
            )
            return redirect("payments_console:invoices")
    return TemplateResponse(
        request,
        "payments/console/invoice_import.html",
        {"form": form, "row_errors": row_errors},
        status=400 if form.errors else 200,
    )
