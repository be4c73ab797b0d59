"""The sandbox provider's pages and the providers' webhook endpoints (thin:
each calls one service)."""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cityhall.payments.errors import PaymentError
from cityhall.payments.forms import SandboxCardForm
from cityhall.payments.models import Payment
from cityhall.payments.providers.sandbox import (
    CARD_AUTHENTICATE,
    CARD_DECLINE,
    CARD_SUCCESS,
    SIGNATURE_HEADER,
    SandboxProvider,
    sandbox_event,
    sandbox_sign,
)
from cityhall.payments.selectors import sandbox_payment_get
from cityhall.payments.services.card import card_webhook_receive

#: Provider events are a few kilobytes; anything much larger is not one.
WEBHOOK_MAX_BYTES = 64 * 1024
_CHALLENGE_SALT = "cityhall.payments.sandbox.challenge"


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Stripe's webhook: 200 once an event is recorded (or was already), 400
    for a bad signature or body, so that Stripe retries only what failed here."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > WEBHOOK_MAX_BYTES:
        return JsonResponse({"error": {"code": "request_too_large"}}, status=413)
    try:
        event = card_webhook_receive(
            provider_name="stripe", body=request.body, headers=request.headers
        )
    except PaymentError as error:
        return JsonResponse({"error": {"code": error.code}}, status=error.status)
    return JsonResponse({"received": True, "outcome": event.outcome if event else ""})


def _sandbox_deliver(payment: Payment, event_type: str, sequence: str) -> None:
    body = sandbox_event(payment=payment, event_type=event_type, sequence=sequence)
    card_webhook_receive(
        provider_name=SandboxProvider.name,
        body=body,
        headers={SIGNATURE_HEADER: sandbox_sign(body)},
    )


@require_http_methods(["GET", "POST"])
def sandbox_checkout(request: HttpRequest, reference: str) -> HttpResponse:
    """The sandbox provider's card page (plays the provider, not the city)."""
    payment = sandbox_payment_get(reference=reference)
    if payment is None:
        raise Http404
    if payment.finished:
        return render(request, "payments/sandbox/result.html", {"payment": payment})
    form = SandboxCardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["card_number"]
        if number == CARD_AUTHENTICATE:
            challenge = signing.dumps(reference, salt=_CHALLENGE_SALT)
            url = reverse("payments:sandbox_authenticate", args=[reference])
            return redirect(f"{url}?challenge={challenge}")
        if number == CARD_SUCCESS:
            _sandbox_deliver(payment, "payment_intent.succeeded", "succeeded")
        elif number == CARD_DECLINE:
            _sandbox_deliver(payment, "payment_intent.payment_failed", "failed")
        # As a provider's page returns to the shop: to the city's result page.
        return redirect("payments:payment_result", public_id=payment.public_id)
    if form.is_bound:
        # The errors stay; the number typed is not sent back to the browser.
        form.data = {**request.POST.dict(), "card_number": ""}
    cards = [
        " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        for number in (CARD_SUCCESS, CARD_DECLINE, CARD_AUTHENTICATE)
    ]
    return render(
        request,
        "payments/sandbox/checkout.html",
        {"payment": payment, "form": form, "cards": cards},
    )


@require_http_methods(["GET", "POST"])
def sandbox_authenticate(request: HttpRequest, reference: str) -> HttpResponse:
    """The sandbox's extra authentication step (as 3-D Secure would ask)."""
    challenge = request.POST.get("challenge") or request.GET.get("challenge", "")
    try:
        signed_reference = signing.loads(
            challenge, salt=_CHALLENGE_SALT, max_age=15 * 60
        )
    except signing.BadSignature:
        signed_reference = None
    payment = sandbox_payment_get(reference=reference)
    if payment is None or payment.finished or signed_reference != reference:
        raise Http404
    if request.method == "POST":
        if request.POST.get("outcome") == "approve":
            _sandbox_deliver(payment, "payment_intent.succeeded", "succeeded")
        else:
            _sandbox_deliver(payment, "payment_intent.payment_failed", "failed")
        return redirect("payments:payment_result", public_id=payment.public_id)
    return render(
        request,
        "payments/sandbox/authenticate.html",
        {"payment": payment, "challenge": challenge},
    )
