"""Sign-in views: staff (password, then a second factor) and residents.

Staff sign-in is two steps. A correct password only stores a short-lived
"pending" marker in the session; the user is logged in (``auth.login``) after the
second factor, so no password-only staff session exists. Sessions that are
authenticated some other way but not verified are caught by
:class:`cityhall.core.middleware.StaffSecondFactorMiddleware` and sent back here.
"""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from cityhall.common.forms import add_application_error
from cityhall.core.errors import SecondFactorError
from cityhall.core.login_throttle import (
    client_ip,
    login_attempt_for,
    login_failure_record,
    login_success_record,
    login_wait_seconds,
    throttled_message,
)
from cityhall.core.models import User
from cityhall.core.selectors.staff import (
    staff_has_second_factor,
    staff_recovery_codes_left,
    staff_recovery_device,
    staff_totp_device,
)
from cityhall.core.services.staff import (
    staff_recovery_codes_regenerate,
    staff_sign_in_record,
    staff_totp_device_confirm,
    staff_totp_device_start,
)
from cityhall.core.staff_auth.failures import (
    SignInFailureKind,
    SignInPage,
    sign_in_failure_record,
)
from cityhall.core.staff_auth.forms import (
    EmailPasswordForm,
    SecondFactorForm,
    TOTPConfirmForm,
)

PENDING_SESSION_KEY = "cityhall_staff_pending"
RECOVERY_SESSION_KEY = "cityhall_staff_recovery_codes"
#: Seconds between the password step and the second factor.
PENDING_MAX_AGE = 10 * 60
_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return default


def _staff_default_next() -> str:
    return reverse("wagtailadmin_home")


def _with_next(view_name: str, next_url: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': next_url})}"


def _failure(
    request: HttpRequest,
    *,
    kind: SignInFailureKind,
    page: SignInPage,
    account: str,
    user: User | None = None,
) -> None:
    sign_in_failure_record(
        kind=kind, page=page, account=account, source_ip=client_ip(request), user=user
    )


def _check_password(
    request: HttpRequest, form: EmailPasswordForm, page: SignInPage
) -> tuple[User | None, Any, int]:
    """Authenticate through the throttle. Returns (user, attempt, wait seconds);
    a throttled attempt (wait > 0) is not checked at all. Failures are audited."""
    email = form.cleaned_data["email"]
    attempt = login_attempt_for(request, identifier=email)
    wait = login_wait_seconds(attempt)
    if wait:
        _failure(request, kind=SignInFailureKind.THROTTLED, page=page, account=email)
        form.add_error(None, throttled_message(wait))
        return None, attempt, wait
    user = auth.authenticate(
        request,
        email=email,
        password=form.cleaned_data["password"],
    )
    if user is None:
        login_failure_record(attempt)
        _failure(
            request, kind=SignInFailureKind.WRONG_PASSWORD, page=page, account=email
        )
        # One message whether or not the account exists (no user enumeration).
        form.add_error(None, _("The e-mail address or password is not correct."))
    return user, attempt, 0


def _throttled_response(response: HttpResponse, wait: int) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(wait)
    return response


# --- Staff -------------------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
def staff_login(request: HttpRequest) -> HttpResponse:
    """Step 1: e-mail address and password of a staff member."""
    next_url = _safe_next(request, _staff_default_next())
    user = request.user
    if user.is_authenticated and user.is_staff and user.is_verified():
        return redirect(next_url)
    form = EmailPasswordForm(request.POST or None)
    wait = 0
    if request.method == "POST" and form.is_valid():
        candidate, attempt, wait = _check_password(request, form, SignInPage.STAFF)
        if candidate is not None and not candidate.is_staff:
            _failure(
                request,
                kind=SignInFailureKind.CONSOLE_REFUSED,
                page=SignInPage.STAFF,
                account=candidate.email,
                user=candidate,
            )
            form.add_error(
                None,
                _(
                    "This page is for city staff. Residents sign in on the "
                    "resident sign-in page."
                ),
            )
        elif candidate is not None:
            # A fresh session key before anything is stored (session fixation).
            request.session.cycle_key()
            request.session[PENDING_SESSION_KEY] = {
                "user": candidate.pk,
                "at": time.time(),
                "hash": candidate.get_session_auth_hash(),
            }
            step = (
                "staff_auth:verify"
                if staff_has_second_factor(candidate)
                else "staff_auth:otp_setup"
            )
            response = redirect(_with_next(step, next_url))
            login_success_record(attempt, user=candidate, response=response)
            return response
    response = render(
        request,
        "core/staff/login.html",
        {
            "form": form,
            "next": next_url,
            "resident_login_url": reverse("accounts:login"),
        },
    )
    return _throttled_response(response, wait) if wait else response


def _pending_user(request: HttpRequest) -> User | None:
    """The staff member between the password and the second factor.

    Either the pending marker from step 1, or a signed-in but unverified staff
    session (sent here by the middleware).
    """
    if request.user.is_authenticated:
        user = request.user
        return user if (user.is_staff and user.is_active) else None
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > PENDING_MAX_AGE:
        request.session.pop(PENDING_SESSION_KEY, None)
        return None
    user = User.objects.filter(
        pk=pending.get("user"), is_active=True, is_staff=True
    ).first()
    # A password changed since step 1 cancels the pending sign-in.
    if user is None or user.get_session_auth_hash() != pending.get("hash"):
        return None
    return user


def _complete_sign_in(
    request: HttpRequest, user: User, device: Any, method: str
) -> None:
    if not (request.user.is_authenticated and request.user.pk == user.pk):
        auth.login(request, user, backend=_BACKEND)
    django_otp.login(request, device)
    request.session.pop(PENDING_SESSION_KEY, None)
    staff_sign_in_record(user=user, method=method)


def _verify_code(user: User, code: str) -> tuple[Any | None, str, int]:
    """Check a TOTP or recovery code. Returns (device, method, wait seconds)."""
    totp = staff_totp_device(user)
    recovery = staff_recovery_device(user)
    is_totp = code.isdigit() and totp is not None and len(code) == totp.digits
    device = totp if is_totp else recovery
    if device is None:
        return None, "", 0
    allowed, details = device.verify_is_allowed()
    if not allowed:
        locked_until = (details or {}).get("locked_until")
        wait = 60
        if locked_until is not None:
            wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        return None, "", wait
    verified = django_otp.verify_token(user, device.persistent_id, code)
    return verified, ("totp" if is_totp else "recovery_code"), 0


@never_cache
def staff_verify(request: HttpRequest) -> HttpResponse:
    """Step 2: a code from the authenticator app, or a recovery code."""
    next_url = _safe_next(request, _staff_default_next())
    user = _pending_user(request)
    if user is None:
        return redirect(_with_next("staff_auth:login", next_url))
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(next_url)
    if not staff_has_second_factor(user):
        return redirect(_with_next("staff_auth:otp_setup", next_url))
    form = SecondFactorForm(request.POST or None)
    wait = 0
    if request.method == "POST" and form.is_valid():
        device, method, wait = _verify_code(user, form.cleaned_data["code"])
        if wait:
            _failure(
                request,
                kind=SignInFailureKind.THROTTLED,
                page=SignInPage.STAFF,
                account=user.email,
                user=user,
            )
            form.add_error("code", throttled_message(wait))
        elif device is None:
            _failure(
                request,
                kind=SignInFailureKind.WRONG_CODE,
                page=SignInPage.STAFF,
                account=user.email,
                user=user,
            )
            form.add_error("code", _("That code is not correct."))
        else:
            _complete_sign_in(request, user, device, method)
            if method == "recovery_code":
                left = staff_recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code. %(count)d recovery "
                        "code is left; make new ones if you have lost your phone.",
                        "You signed in with a recovery code. %(count)d recovery "
                        "codes are left; make new ones if you have lost your phone.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
    response = render(
        request, "core/staff/verify.html", {"form": form, "next": next_url}
    )
    return _throttled_response(response, wait) if wait else response


def _qr_svg(data: str) -> str:
    image = qrcode.make(
        data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4
    )
    svg = image.to_string(encoding="unicode")
    # The text alternative is the <figcaption>; the drawing itself is decorative
    # for screen readers but must stay visible (focusable=false for old Edge).
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def _secret_groups(device: Any) -> list[str]:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return [secret[i : i + 4] for i in range(0, len(secret), 4)]


@never_cache
def staff_otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: scan the QR code (or type the key), confirm with a code."""
    next_url = _safe_next(request, _staff_default_next())
    user = _pending_user(request)
    if user is None:
        return redirect(_with_next("staff_auth:login", next_url))
    if staff_has_second_factor(user):
        # Replacing an authenticator needs a reset by the IT policy division;
        # otherwise a stolen password would be enough to enrol the thief's phone.
        return redirect(_with_next("staff_auth:verify", next_url))
    device = staff_totp_device_start(user=user)
    form = TOTPConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = staff_totp_device_confirm(
                user=user, device=device, code=form.cleaned_data["code"]
            )
        except SecondFactorError as error:
            _failure(
                request,
                kind=SignInFailureKind.WRONG_CODE,
                page=SignInPage.STAFF,
                account=user.email,
                user=user,
            )
            add_application_error(form, error, field="code")
        else:
            _complete_sign_in(request, user, device, "totp_enrol")
            request.session[RECOVERY_SESSION_KEY] = codes
            return redirect(_with_next("staff_auth:recovery_codes", next_url))
    return render(
        request,
        "core/staff/otp_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": _qr_svg(device.config_url),
            "otpauth_url": device.config_url,
            "secret_groups": _secret_groups(device),
        },
    )


@never_cache
def staff_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show freshly made recovery codes, once."""
    next_url = _safe_next(request, _staff_default_next())
    user = request.user
    if not (user.is_authenticated and user.is_staff and user.is_verified()):
        return redirect(_with_next("staff_auth:login", next_url))
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    return render(
        request,
        "core/staff/recovery_codes.html",
        {"codes": codes or [], "next": next_url},
    )


@require_POST
@never_cache
def staff_recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """Replace the signed-in staff member's recovery codes and show the new ones."""
    user = request.user
    if not (user.is_authenticated and user.is_staff and user.is_verified()):
        return redirect("staff_auth:login")
    request.session[RECOVERY_SESSION_KEY] = staff_recovery_codes_regenerate(user=user)
    return redirect("staff_auth:recovery_codes")


@require_POST
def staff_logout(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only, so a link or image cannot sign anybody out)."""
    auth.logout(request)
    return redirect("staff_auth:login")


# --- Residents -----------------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
def resident_login(request: HttpRequest) -> HttpResponse:
    """A resident signs in with e-mail address and password."""
    next_url = _safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    if request.user.is_authenticated and not request.user.is_staff:
        return redirect(next_url)
    form = EmailPasswordForm(request.POST or None)
    wait = 0
    if request.method == "POST" and form.is_valid():
        candidate, attempt, wait = _check_password(request, form, SignInPage.RESIDENT)
        if candidate is not None and candidate.is_staff:
            form.add_error(
                None,
                _("Staff members sign in on the staff sign-in page."),
            )
        elif candidate is not None:
            auth.login(request, candidate, backend=_BACKEND)
            response = redirect(next_url)
            login_success_record(attempt, user=candidate, response=response)
            return response
    response = render(
        request,
        "core/staff/resident_login.html",
        {
            "form": form,
            "next": next_url,
            "staff_login_url": reverse("staff_auth:login"),
        },
    )
    return _throttled_response(response, wait) if wait else response


@require_POST
def resident_logout(request: HttpRequest) -> HttpResponse:
    """Sign a resident out (POST only)."""
    auth.logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL or "/")
