"""HTML views of resident accounts: parse the form, call one service, render.

No view takes an account or profile id: everything acts on the signed-in user,
found through the session, so one resident can never reach another's data.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from cityhall.common.forms import add_application_error
from cityhall.core.errors import ApiTokenError
from cityhall.core.mail_throttle import mail_form_allowed, mail_form_refused_message
from cityhall.core.models import User
from cityhall.core.residents.errors import ResidentError, ResidentInputError
from cityhall.core.residents.extensions import account_sections_for_user
from cityhall.core.residents.forms import (
    ApiTokenCreateForm,
    ResidentAccountDeleteForm,
    ResidentPasswordResetForm,
    ResidentProfileForm,
    ResidentSignupForm,
    ResidentVerifyResendForm,
)
from cityhall.core.residents.selectors import (
    resident_for_password_reset_link,
    resident_for_verification_token,
    resident_profile_for_user,
)
from cityhall.core.residents.services import (
    resident_account_delete,
    resident_email_verify,
    resident_profile_update,
    resident_signup,
    resident_verification_resend,
)
from cityhall.core.selectors.api_tokens import api_token_list_for_user
from cityhall.core.services.api_tokens import api_token_create, api_token_revoke

_TEMPLATES = "core/residents/"


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed ``resident_required`` (for type checkers)."""

    user: User


_BACKEND = "django.contrib.auth.backends.ModelBackend"


def resident_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Signed-in residents only: anonymous visitors go to the sign-in page, staff
    to the staff console (their accounts are managed there)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.is_staff:
            return redirect("wagtailadmin_home")
        return view(request, *args, **kwargs)

    return wrapped


def _profile_in_language(language: str) -> HttpResponseRedirect:
    """Redirect to the profile under ``language``'s URL prefix and remember the
    language in Django's language cookie, so the whole site follows it."""
    with translation.override(language):
        response = redirect(reverse("accounts:profile"))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )
    return response


# --- Sign-up and verification -------------------------------------------------


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Sign-up form; afterwards the same "check your mail" page for everybody."""
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = ResidentSignupForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and not mail_form_allowed(
            request, form="signup", address=form.cleaned_data["email"]
        )
    ):
        form.add_error(None, mail_form_refused_message())
        return render(request, _TEMPLATES + "signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            resident_signup(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                **form.profile_data(),
            )
        except ResidentInputError as error:
            add_application_error(form, error)
        else:
            return redirect("accounts:signup_done")
    return render(request, _TEMPLATES + "signup.html", {"form": form})


def signup_done(request: HttpRequest) -> HttpResponse:
    """ "Check your mail": shown whether or not the address already had an account."""
    return render(request, _TEMPLATES + "signup_done.html")


def _verify_failed(request: HttpRequest, error: ResidentError) -> HttpResponse:
    return render(
        request,
        _TEMPLATES + "verify_failed.html",
        {"error": error, "form": ResidentVerifyResendForm()},
        status=400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm the address from the mailed link.

    GET only shows a confirm button; the POST uses the link. Mail security scanners
    open links automatically, and a GET that used the one-time link would leave the
    resident with an "already used" page and sign in the scanner instead.
    """
    try:
        if request.method == "POST":
            user = resident_email_verify(token=token)
        else:
            resident_for_verification_token(token)
            return render(request, _TEMPLATES + "verify_confirm.html")
    except ResidentError as error:
        return _verify_failed(request, error)
    login(request, user, backend=_BACKEND)
    profile = resident_profile_for_user(user)
    language = profile.preferred_language if profile else settings.LANGUAGE_CODE
    with translation.override(language):
        messages.success(
            request, gettext("Thank you. Your e-mail address is confirmed.")
        )
    return _profile_in_language(language)


@require_http_methods(["GET", "POST"])
def verify_resend(request: HttpRequest) -> HttpResponse:
    """Ask for a new verification link; the answer never says if one was sent."""
    form = ResidentVerifyResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resident_verification_resend(email=form.cleaned_data["email"])
        return redirect("accounts:verify_resend_done")
    return render(request, _TEMPLATES + "verify_resend.html", {"form": form})


def verify_resend_done(request: HttpRequest) -> HttpResponse:
    """Neutral confirmation after a resend request."""
    return render(request, _TEMPLATES + "verify_resend_done.html")


# --- Profile ------------------------------------------------------------------


@never_cache
@resident_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show and edit the signed-in resident's own profile."""
    current = resident_profile_for_user(request.user)
    initial = (
        {name: getattr(current, name) for name in ResidentProfileForm.base_fields}
        if current
        else None
    )
    form = ResidentProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = resident_profile_update(user=request.user, **form.profile_data())
        except ResidentInputError as error:
            add_application_error(form, error)
        else:
            # Said in the language the resident just chose: the next page uses it.
            with translation.override(saved.preferred_language):
                messages.success(request, gettext("Your details have been saved."))
            return _profile_in_language(saved.preferred_language)
    context = {
        "form": form,
        "profile": current,
        # Sections other apps add (bookings, applications, …); see extensions.
        "account_sections": account_sections_for_user(
            user=request.user, request=request
        ),
    }
    return render(request, _TEMPLATES + "profile.html", context)


# --- Password change and reset ------------------------------------------------


@method_decorator(resident_required, name="dispatch")
class ResidentPasswordChangeView(auth_views.PasswordChangeView):
    """Change the password while signed in (current password required)."""

    template_name = _TEMPLATES + "password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class ResidentPasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link; the next page is the same whether or not the address
    has an account."""

    form_class = ResidentPasswordResetForm
    template_name = _TEMPLATES + "password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if not mail_form_allowed(
            self.request, form="password_reset", address=form.cleaned_data["email"]
        ):
            form.add_error(None, mail_form_refused_message())
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class ResidentPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = _TEMPLATES + "password_reset_done.html"


class ResidentPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password from the mailed link, which names the account by its
    public id (never the sequential primary key)."""

    template_name = _TEMPLATES + "password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_user(self, uidb64: str) -> Any:
        try:
            public_id = uuid.UUID(hex=force_str(urlsafe_base64_decode(uidb64)))
        except (TypeError, ValueError, UnicodeDecodeError):
            return None
        return resident_for_password_reset_link(public_id)


class ResidentPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = _TEMPLATES + "password_reset_complete.html"


# --- Personal API tokens -----------------------------------------------------


@never_cache
@resident_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """List the resident's API tokens and create one; a new token is shown
    on the page that answers the POST, once, and never stored in clear."""
    form = ApiTokenCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            api_token, token = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ApiTokenError as error:
            add_application_error(form, error)
        else:
            created = {"token": api_token, "secret": token}
            form = ApiTokenCreateForm()
    context = {
        "form": form,
        "created": created,
        "tokens": list(api_token_list_for_user(user=request.user)),
        "now": timezone.now(),
    }
    return render(request, _TEMPLATES + "api_tokens.html", context)


@resident_required
@require_http_methods(["POST"])
def api_token_revoke_view(
    request: AuthenticatedHttpRequest, token_id: uuid.UUID
) -> HttpResponse:
    """Revoke one of the resident's tokens; another resident's id is 404."""
    try:
        api_token = api_token_revoke(user=request.user, public_id=str(token_id))
    except ApiTokenError as error:
        raise Http404 from error
    messages.success(
        request,
        gettext('The token "%(name)s" has been revoked.') % {"name": api_token.name},
    )
    return redirect("accounts:api_tokens")


# --- Deletion -----------------------------------------------------------------


@never_cache
@sensitive_post_parameters("password")
@resident_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Delete the account and all personal data after the password is confirmed."""
    form = ResidentAccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        resident_account_delete(user=request.user)
        logout(request)
        return redirect("accounts:delete_done")
    return render(request, _TEMPLATES + "delete.html", {"form": form})


def delete_done(request: HttpRequest) -> HttpResponse:
    """Confirmation that the account is gone."""
    return render(request, _TEMPLATES + "delete_done.html")
