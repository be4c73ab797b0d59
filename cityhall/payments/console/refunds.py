"""A payment's page: what was paid, what is still refundable, its refunds, and
the refund form (還付).

The form carries an idempotency key made when the page was drawn, and
``refund_create`` scopes it to the staff member: a double click or a resent
form refunds once. Over-refunding is refused with the amount still refundable.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
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
from cityhall.payments.console.forms import RefundForm
from cityhall.payments.models import Payment
from cityhall.payments.services.refunds import refund_create


def _payment_or_404(municipality: Municipality, public_id: uuid.UUID) -> Payment:
    payment = selectors.payment_get(municipality=municipality, public_id=public_id)
    if payment is None:
        raise Http404
    return payment


def _page(
    request: HttpRequest, payment: Payment, form: RefundForm | None = None
) -> TemplateResponse:
    refundable = payment.refundable_amount
    return TemplateResponse(
        request,
        "payments/console/payment_detail.html",
        {
            "payment": payment,
            "invoice": payment.invoice,
            "refundable": refundable,
            "refunds": selectors.payment_refunds(payment=payment),
            "form": form or RefundForm(refundable=refundable),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET"])
@accounting_required
def payment_detail(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """The payment, the amount still refundable and the refund form."""
    return _page(request, _payment_or_404(municipality, public_id))


@require_http_methods(["POST"])
@accounting_required
def payment_refund(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """Refund part or all of the payment through ``refund_create``."""
    payment = _payment_or_404(municipality, public_id)
    form = RefundForm(request.POST, refundable=payment.refundable_amount)
    if form.is_valid():
        try:
            refund = refund_create(
                payment=payment,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_application_error(
                form,
                error,
                field="amount" if error.code == "refund_exceeds_refundable" else None,
            )
        else:
            messages.success(
                request,
                _("%(amount)s yen were refunded.") % {"amount": f"{refund.amount:,}"},
            )
            return redirect("payments_console:payment", payment.public_id)
    return _page(request, payment, form)
