"""HTML views of mail subscriptions: parse, call one service, render.

No view takes a bare subscriber id: every link carries the subscriber's public
id *and* a token signed for that subscriber, so one subscriber's link never
opens another's subscription.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cityhall.common.forms import add_application_error
from cityhall.core.mail_throttle import mail_form_allowed, mail_form_refused_message
from cityhall.notices import selectors
from cityhall.notices.errors import SubscriptionError, SubscriptionLinkError
from cityhall.notices.services import links
from cityhall.notices.services import subscriptions as services
from cityhall.notices.subscriptions.forms import (
    SubscribeForm,
    SubscriptionChoicesForm,
)

_T = "notices/subscriptions/"


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The sign-up form; afterwards the same "check your mail" page for all."""
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not mail_form_allowed(
            request, form="subscribe", address=form.cleaned_data["email"]
        ):
            form.add_error(None, mail_form_refused_message())
            status = 429
        else:
            try:
                services.subscription_request(
                    email=form.cleaned_data["email"], **form.choices_data()
                )
            except SubscriptionError as error:
                add_application_error(form, error)
            else:
                return redirect("notices_subscriptions:subscribe_done")
    if form.errors and status == 200:
        status = 400
    return render(request, _T + "subscribe.html", {"form": form}, status=status)


def subscribe_done(request: HttpRequest) -> HttpResponse:
    return render(request, _T + "subscribe_done.html")


def _link_failed(request: HttpRequest, error: SubscriptionLinkError) -> HttpResponse:
    return render(request, _T + "link_failed.html", {"error": error}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners open links by GET."""
    try:
        if request.method == "POST":
            subscriber = services.subscription_confirm(token=token)
            return render(
                request, _T + "confirmed.html", {"manage_url": _manage_url(subscriber)}
            )
        services.subscriber_for_confirm_token(token)
    except SubscriptionLinkError as error:
        return _link_failed(request, error)
    return render(request, _T + "confirm.html")


def _manage_url(subscriber) -> str:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    public_id = subscriber.public_id.hex
    return reverse(
        "notices_subscriptions:manage",
        kwargs={"public_id": public_id, "token": links.manage_token(public_id)},
    )


def _initial(subscriber) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "language": subscriber.language,
        "categories": [str(c.translation_key) for c in subscriber.categories.all()],
        "districts": [d.pk for d in subscriber.districts.all()],
    }


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """Change choices or leave, through the signed link in every mail."""
    try:
        subscriber = services.subscriber_for_manage_link(public_id, token)
    except (SubscriptionLinkError, ValueError) as error:
        if not isinstance(error, SubscriptionLinkError):
            error = SubscriptionLinkError("", code="link_invalid")
        return _link_failed(request, error)
    if request.method == "POST" and "unsubscribe" in request.POST:
        services.subscription_unsubscribe(subscriber=subscriber)
        return render(request, _T + "unsubscribed.html")
    form = SubscriptionChoicesForm(request.POST or None, initial=_initial(subscriber))
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_update(subscriber=subscriber, **form.choices_data())
        except SubscriptionError as error:
            add_application_error(form, error)
        else:
            saved = True
    return render(
        request,
        _T + "manage.html",
        {"form": form, "subscriber": subscriber, "saved": saved},
        status=400 if form.errors else 200,
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_one_click(
    request: HttpRequest, public_id: str, token: str
) -> HttpResponse:
    """RFC 8058 one-click unsubscribe.

    Mail clients POST ``List-Unsubscribe=One-Click`` here without cookies or a
    CSRF token (the signed token is the proof); a person following the link
    gets a page with a button that POSTs the same.
    """
    if request.method == "POST":
        if not services.subscription_unsubscribe_by_link(
            public_id=public_id, token=token
        ):
            return render(request, _T + "link_failed.html", {"error": None}, status=400)
        return render(request, _T + "unsubscribed.html")
    if not links.token_matches(links.unsubscribe_token(public_id), token):
        return render(request, _T + "link_failed.html", {"error": None}, status=400)
    return render(request, _T + "unsubscribe_confirm.html")


@never_cache
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """A signed-in resident's own subscription, at their verified address."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.is_staff:
        return redirect("wagtailadmin_home")
    subscriber = selectors.subscription_for_user(request.user)  # type: ignore[arg-type]
    if request.method == "POST" and "unsubscribe" in request.POST and subscriber:
        services.subscription_unsubscribe(subscriber=subscriber)
        return redirect("notices_subscriptions:account")
    active = subscriber is not None and subscriber.status == "active"
    form = SubscriptionChoicesForm(
        request.POST or None, initial=_initial(subscriber) if active else None
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            subscriber = services.resident_subscription_save(
                user=request.user,  # type: ignore[arg-type]
                **form.choices_data(),
            )
        except SubscriptionError as error:
            add_application_error(form, error)
        else:
            saved = True
            active = True
    return render(
        request,
        _T + "account.html",
        {"form": form, "subscriber": subscriber, "active": active, "saved": saved},
        status=400 if form.errors else 200,
    )
