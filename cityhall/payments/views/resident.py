"""The signed-in resident's payment pages: their invoices, one invoice and how
to pay it (card, Pay-easy, convenience store, counter), the outcome of a card
payment, the receipt, and the 納付書 / 領収書 PDFs.

Every page finds its record through a selector scoped to the resident, so
another resident's id answers 404 exactly as an unknown one does; every write
goes through a service (``services/checkout.py``).
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from django.conf import settings as django_settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cityhall.core.residents.views import resident_required
from cityhall.payments.documents.payment_slip import (
    cvs_data_for,
    payeasy_numbers,
    payment_slip_pdf,
)
from cityhall.payments.documents.receipt import receipt_number, receipt_pdf
from cityhall.payments.errors import PaymentError
from cityhall.payments.forms import CardCheckoutForm
from cityhall.payments.models import Invoice, Payment
from cityhall.payments.selectors import (
    invoice_overview_for_resident,
    invoice_page_for_resident,
    payment_get_for_resident,
    payment_settings_get,
    receipt_get_for_resident,
    resident_today,
)
from cityhall.payments.services.card import card_payment_reconcile
from cityhall.payments.services.checkout import (
    card_checkout_abandon,
    card_checkout_begin,
    card_checkout_resume,
)

_TEMPLATES = "payments/resident/"
#: Stripe's script, loaded from Stripe as its terms require (never vendored).
STRIPE_JS = "https://js.stripe.com/v3/"
#: Stripe.js locales for the site's languages.
_STRIPE_LOCALES = {"ja": "ja", "en": "en", "zh-hans": "zh", "ko": "ko"}


def _stripe_page_policy() -> str:
    """The site's Content-Security-Policy, opened for Stripe.js on the one page
    that needs it: its script, its frames (the card fields, 3-D Secure) and
    its API."""
    policy = django_settings.CONTENT_SECURITY_POLICY.replace(
        "script-src 'self'", "script-src 'self' https://js.stripe.com"
    )
    return (
        f"{policy}; frame-src https://js.stripe.com https://hooks.stripe.com; "
        "connect-src 'self' https://api.stripe.com"
    )


def _stripe_without_key() -> bool:
    """Stripe chosen but no publishable key: its card page cannot work."""
    return (
        django_settings.CITYHALL_PAYMENT_PROVIDER == "stripe"
        and not django_settings.CITYHALL_STRIPE_PUBLISHABLE_KEY
    )


def _unavailable() -> PaymentError:
    return PaymentError(
        _("Card payments are not available."),
        code="card_payments_unavailable",
        status=503,
    )


def _card_form() -> CardCheckoutForm:
    return CardCheckoutForm(initial={"idempotency_key": uuid.uuid4()})


def _invoice_or_404(request: HttpRequest, public_id: uuid.UUID) -> Invoice:
    invoice = invoice_page_for_resident(user=request.user, public_id=public_id)
    if invoice is None:
        raise Http404
    return invoice


def _payment_or_404(request: HttpRequest, public_id: uuid.UUID) -> Payment:
    payment = payment_get_for_resident(user=request.user, public_id=public_id)
    if payment is None:
        raise Http404
    return payment


def _error_message(error: PaymentError, invoice: Invoice | None = None) -> str:
    """What the resident reads for a refused payment, and what to do next."""
    if error.code == "invoice_not_payable" and invoice is not None:
        invoice.refresh_from_db(fields=["status"])
        if invoice.status == Invoice.Status.PAID:
            return _(
                "This invoice has already been paid, so no further payment was "
                "taken. You can see your receipt on this page."
            )
        if invoice.status == Invoice.Status.SUPERSEDED:
            return _(
                "This invoice was replaced by a corrected one, so no payment was "
                "taken. Please pay the corrected invoice."
            )
        if invoice.status == Invoice.Status.REFUNDED:
            return _(
                "This invoice was paid and the payment refunded, so no payment "
                "was taken. Please contact the city if you need to pay it."
            )
        return _("This invoice was cancelled, so there is nothing to pay.")
    if error.code == "payment_in_progress":
        return _(
            "A card payment of this invoice is already in progress, perhaps in "
            "another window. Continue it or cancel it below."
        )
    if error.code in ("provider_unavailable", "card_payments_unavailable"):
        return _(
            "The card payment service cannot be reached just now. No money was "
            "taken. Please try again later, or pay in one of the other ways below."
        )
    return str(error.message)


@never_cache
@resident_required
@require_GET
def invoice_list(request: HttpRequest) -> HttpResponse:
    """The resident's invoices: to pay (overdue ones marked), paid, and others."""
    today = resident_today()
    to_pay, paid, other = [], [], []
    for invoice in invoice_overview_for_resident(user=request.user):
        if invoice.status == Invoice.Status.OPEN:
            to_pay.append(invoice)
        elif invoice.status == Invoice.Status.PAID:
            paid.append(invoice)
        else:
            other.append(invoice)
    return render(
        request,
        _TEMPLATES + "invoice_list.html",
        {"to_pay": to_pay, "paid": paid, "other": other, "today": today},
    )


@never_cache
@resident_required
@require_GET
def invoice_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One invoice and every way to pay it (or its receipt once paid)."""
    invoice = _invoice_or_404(request, public_id)
    attempts = list(invoice.payments.all())
    settings = payment_settings_get(municipality_id=invoice.municipality_id)
    context: dict[str, Any] = {
        "invoice": invoice,
        "today": resident_today(),
        "payable": invoice.status == Invoice.Status.OPEN,
        "live_attempt": next((p for p in attempts if not p.finished), None),
        "success": next(
            (p for p in attempts if p.state == Payment.State.SUCCESS), None
        ),
        "card_form": _card_form(),
        "payeasy": payeasy_numbers(invoice=invoice, settings=settings),
        "cvs_available": bool(cvs_data_for(invoice=invoice, settings=settings)),
        "municipality": invoice.municipality,
    }
    return render(request, _TEMPLATES + "invoice_detail.html", context)


@resident_required
@require_POST
def card_checkout(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Begin a card payment of the invoice and send the resident to the
    provider's page; the same form sent twice reaches the same attempt."""
    invoice = _invoice_or_404(request, public_id)
    form = CardCheckoutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form had expired. Please try again."))
        return redirect("payments:invoice_detail", public_id=invoice.public_id)
    try:
        if _stripe_without_key():
            raise _unavailable()
        checkout = card_checkout_begin(
            invoice=invoice,
            user=request.user,
            idempotency_key=str(form.cleaned_data["idempotency_key"]),
        )
    except PaymentError as error:
        messages.error(request, _error_message(error, invoice))
        return redirect("payments:invoice_detail", public_id=invoice.public_id)
    return _to_provider(request, checkout.payment, checkout.start)


def _to_provider(request: HttpRequest, payment: Payment, start: Any) -> HttpResponse:
    if start is not None and start.redirect_url:
        return redirect(start.redirect_url)  # the provider's own page (sandbox)
    if start is not None and start.client_secret:
        return redirect("payments:card_page", public_id=payment.public_id)
    # Already ended (the same form sent again after it finished).
    return redirect("payments:payment_result", public_id=payment.public_id)


@never_cache
@resident_required
@require_GET
def card_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Our page hosting the provider's card fields (Stripe's Payment Element):
    the card number goes from the browser to Stripe, never to us, and Stripe
    sends the resident back to the result page."""
    payment = _payment_or_404(request, public_id)
    if payment.finished:
        return redirect("payments:payment_result", public_id=payment.public_id)
    try:
        if _stripe_without_key():
            raise _unavailable()
        start = card_checkout_resume(payment=payment, user=request.user)
    except PaymentError as error:
        messages.error(request, _error_message(error, payment.invoice))
        return redirect("payments:payment_result", public_id=payment.public_id)
    if start.redirect_url or not start.client_secret:
        return _to_provider(request, payment, start)
    response = render(
        request,
        _TEMPLATES + "card_stripe.html",
        {
            "payment": payment,
            "invoice": payment.invoice,
            "stripe_js": STRIPE_JS,
            "publishable_key": django_settings.CITYHALL_STRIPE_PUBLISHABLE_KEY,
            "client_secret": start.client_secret,
            "stripe_locale": _STRIPE_LOCALES.get(get_language() or "", "auto"),
            "return_url": request.build_absolute_uri(
                reverse("payments:payment_result", args=[payment.public_id])
            ),
        },
    )
    response["Content-Security-Policy"] = _stripe_page_policy()
    return response


@never_cache
@resident_required
@require_GET
def payment_result(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """How a card payment ended (the provider sends the resident back here),
    and the way on: the receipt, another try, or another way to pay."""
    payment = _payment_or_404(request, public_id)
    if not payment.finished and payment.provider_reference:
        # Back from the provider before its notification reached us: ask it.
        # Unreachable provider: the page shows the attempt as still open.
        with contextlib.suppress(PaymentError):
            card_payment_reconcile(payment=payment)
        payment = _payment_or_404(request, public_id)
    invoice = payment.invoice
    return render(
        request,
        _TEMPLATES + "payment_result.html",
        {
            "payment": payment,
            "invoice": invoice,
            "can_retry": invoice.status == Invoice.Status.OPEN,
            "card_form": _card_form(),
        },
    )


@resident_required
@require_POST
def payment_resume(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Go back to the provider's page of an unfinished card payment."""
    payment = _payment_or_404(request, public_id)
    if payment.finished:
        return redirect("payments:payment_result", public_id=payment.public_id)
    try:
        start = card_checkout_resume(payment=payment, user=request.user)
    except PaymentError as error:
        messages.error(request, _error_message(error, payment.invoice))
        return redirect("payments:payment_result", public_id=payment.public_id)
    return _to_provider(request, payment, start)


@resident_required
@require_POST
def payment_abandon(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Cancel an unfinished card payment the resident left (no money taken)."""
    payment = _payment_or_404(request, public_id)
    try:
        payment = card_checkout_abandon(payment=payment, user=request.user)
    except PaymentError as error:
        messages.error(request, _error_message(error, payment.invoice))
    return redirect("payments:payment_result", public_id=payment.public_id)


@never_cache
@resident_required
@require_GET
def receipt(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The receipt (領収書) of one of the resident's successful payments."""
    payment = receipt_get_for_resident(user=request.user, public_id=public_id)
    if payment is None:
        raise Http404
    return render(
        request,
        _TEMPLATES + "receipt.html",
        {
            "payment": payment,
            "invoice": payment.invoice,
            "receipt_number": receipt_number(payment),
        },
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@resident_required
@require_GET
def receipt_pdf_download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The receipt as a PDF."""
    payment = receipt_get_for_resident(user=request.user, public_id=public_id)
    if payment is None:
        raise Http404
    return _pdf_response(
        receipt_pdf(payment=payment), f"receipt-{payment.invoice.reference_number}.pdf"
    )


@resident_required
@require_GET
def payment_slip_download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The 納付書 (payment slip) of an invoice still to pay, as a PDF."""
    invoice = _invoice_or_404(request, public_id)
    if invoice.status != Invoice.Status.OPEN:
        raise Http404
    settings = payment_settings_get(municipality_id=invoice.municipality_id)
    return _pdf_response(
        payment_slip_pdf(invoice=invoice, settings=settings),
        f"payment-slip-{invoice.reference_number}.pdf",
    )
