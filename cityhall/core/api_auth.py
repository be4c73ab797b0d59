"""How resident endpoints of ``/api/v1/`` authenticate (docs/api.md).

* ``Authorization: Bearer <personal API token>``: the token's resident; no CSRF
  header is needed, since a browser never sends the token by itself. A token
  that is unknown, revoked or expired answers 401 ``token_invalid`` at once,
  without falling back to the session.
* The browser session (``sessionid`` cookie): for unsafe methods (POST, PUT,
  PATCH, DELETE) only with Django's CSRF header (``X-CSRFToken``), otherwise
  403 ``csrf_failed``.

Failed token attempts are counted per source in the shared cache; a source
with too many answers 429 for a while without its tokens being checked, so
guessing tokens is slow even though each guess is cheap for us.

Routers of resident endpoints use ``auth=resident_auth``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import Throttled
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from cityhall.common.errors import PermissionDeniedError
from cityhall.core.errors import ApiTokenError
from cityhall.core.login_throttle import client_ip
from cityhall.core.services.api_tokens import api_token_authenticate
from cityhall.core.services.audit import AuditContext, audit_context

#: Failed token attempts a source may make per window before it must wait.
TOKEN_FAILURES_PER_WINDOW = 20
TOKEN_FAILURE_WINDOW_SECONDS = 600
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _failure_key(request: HttpRequest) -> str:
    source = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    return f"api-token-failures:{source}"


def _failures(request: HttpRequest) -> int:
    return int(caches["default"].get(_failure_key(request), 0))


def _failure_record(request: HttpRequest) -> None:
    cache = caches["default"]
    key = _failure_key(request)
    # add() starts the window; incr() keeps its expiry.
    cache.add(key, 0, timeout=TOKEN_FAILURE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=TOKEN_FAILURE_WINDOW_SECONDS)


def _signed_in(request: HttpRequest, user: Any) -> None:
    # Endpoints read request.user, and audit records name the acting user.
    request.user = user
    audit_context.set(AuditContext(actor=user, source_ip=client_ip(request) or None))


class PersonalApiToken(HttpBearer):
    """``Authorization: Bearer chpat_…``: a resident's personal API token."""

    openapi_description = (
        "A personal API token that a resident creates on their account page "
        "(`chpat_…`). No CSRF header is needed."
    )
    openapi_bearerFormat = "chpat_…"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if _failures(request) >= TOKEN_FAILURES_PER_WINDOW:
            raise Throttled(wait=TOKEN_FAILURE_WINDOW_SECONDS)
        user = api_token_authenticate(token=token.strip())
        if user is None:
            _failure_record(request)
            raise ApiTokenError(
                _("The API token is not valid: it is unknown, revoked or expired."),
                code="token_invalid",
                status=401,
            )
        _signed_in(request, user)
        return user


class SessionWithCsrf(APIKeyCookie):
    """The browser session; unsafe methods also need the ``X-CSRFToken`` header
    with the value of the ``csrftoken`` cookie."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = (
        "The site's session cookie. POST, PUT, PATCH and DELETE also need the "
        "`X-CSRFToken` header carrying the `csrftoken` cookie's value."
    )

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF is checked in authenticate(), only for signed-in sessions, so
        # an anonymous request gets 401 and not a CSRF refusal.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in _SAFE_METHODS and check_csrf(request) is not None:
            raise PermissionDeniedError(
                _(
                    "This request needs the X-CSRFToken header with the value of "
                    "the csrftoken cookie, or a personal API token."
                ),
                code="csrf_failed",
            )
        return user


#: ``auth=`` of every resident endpoint: a token first, then the session.
resident_auth = [PersonalApiToken(), SessionWithCsrf()]
