"""Request middleware of the core app."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import get_resolver, get_urlconf, reverse

from cityhall.core.login_throttle import client_ip
from cityhall.core.selectors.staff import staff_has_second_factor
from cityhall.core.services.audit import audit_context_set
from cityhall.core.staff_auth.failures import (
    SignInFailureKind,
    SignInPage,
    sign_in_failure_record,
)


class StaffSecondFactorMiddleware:
    """Keep the staff console (/admin/) behind the second factor.

    * Wagtail's own sign-in page is redirected to ours, so it cannot be used to
      get a password-only session into the console. This is checked twice: on
      the path before any view runs, and on the view Django resolved (whatever
      path led to it).
    * A signed-in user who is not staff gets 403, audited as a refused sign-in.
    * A signed-in staff user whose session was not verified with a second factor
      (``request.user.is_verified()`` from django-otp) is sent to the code step,
      or to enrolment when they have no authenticator yet.
    * Anonymous users are left to Wagtail, which redirects to
      ``WAGTAILADMIN_LOGIN_URL`` (our staff sign-in).

    It also records the acting user and client address as the audit context
    for the request, so that audit records written by signal receivers (group
    and permission changes in the console) say who did it. The user is stored
    lazily: anonymous requests do not touch the session because of this.

    Paths are compared with ``request.path_info``, the part of the URL that
    Django resolves, against routes reversed without the script prefix
    (``SCRIPT_NAME``). A prefix, wherever it came from, therefore shifts both
    sides alike and can never make a console path look like something else.

    Must come after django-otp's OTPMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit_context_set(
            actor=getattr(request, "user", None), source_ip=client_ip(request) or None
        ):
            response = self._gate(request)
            if response is None:
                response = self.get_response(request)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args, view_kwargs
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.url_name == "wagtailadmin_login":
            return _to_staff_login(request)
        return None

    def _gate(self, request: HttpRequest) -> HttpResponse | None:
        path = request.path_info
        if not path.startswith(route_path("wagtailadmin_home")):
            return None
        if path == route_path("wagtailadmin_login"):
            return _to_staff_login(request)
        if path == route_path("wagtailadmin_logout"):
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        if not (user.is_staff and user.is_active):
            sign_in_failure_record(
                kind=SignInFailureKind.CONSOLE_REFUSED,
                page=SignInPage.CONSOLE,
                account=user.email,
                source_ip=client_ip(request),
                user=user,
            )
            return render(request, "core/staff/forbidden.html", status=403)
        if user.is_verified():
            return None
        target = (
            "staff_auth:verify"
            if staff_has_second_factor(user)
            else "staff_auth:otp_setup"
        )
        return _redirect_with_next(target, request.get_full_path())


def route_path(view_name: str) -> str:
    """The path of a URL name as ``request.path_info`` shows it: without the
    script prefix that :func:`django.urls.reverse` puts in front."""
    return "/" + get_resolver(get_urlconf()).reverse(view_name)


def _to_staff_login(request: HttpRequest) -> HttpResponseRedirect:
    return _redirect_with_next(
        "staff_auth:login", request.GET.get("next", reverse("wagtailadmin_home"))
    )


def _redirect_with_next(view_name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(view_name)}?{urlencode({'next': next_url})}")
