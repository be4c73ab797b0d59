"""Rate limits on creating bookings (HTML form and API).

Each booking attempt counts against its **account** and its **source** (the
client address, an IPv6 /64 as one, see :mod:`cityhall.core.login_throttle`)
in fixed windows kept in the shared "default" cache. The two are independent:
a source over its limit is refused whatever account it uses, but the same
account still books from another source; an account's count only grows with
its own signed-in requests, so nobody else can lock it out. Nothing is ever
locked beyond the current window.

Limits (``CITYHALL_BOOKING_ACCOUNT_LIMIT``, ``CITYHALL_BOOKING_SOURCE_LIMIT``
per ``CITYHALL_BOOKING_RATE_WINDOW_SECONDS``) of 0 switch a limit off; the
benchmark sets the source limit to 0 because its clients share one address.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cityhall.core.login_throttle import _source_id, client_ip
from cityhall.reservations.errors import ReservationError


def _count(key: str, window: int) -> int:
    cache = caches["default"]
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def booking_rate_check(request: HttpRequest, *, user: Any) -> None:
    """Count one booking attempt by ``user`` from ``request``'s source;
    ``rate_limited`` (429) when the account or the source is over its limit in
    the current window."""
    window = max(1, settings.CITYHALL_BOOKING_RATE_WINDOW_SECONDS)
    bucket = int(time.time() // window)
    over = False
    source_limit = settings.CITYHALL_BOOKING_SOURCE_LIMIT
    if source_limit > 0:
        source = _source_id(client_ip(request))
        key = f"booking-rate:source:{source}:{bucket}"
        over = _count(key, window) > source_limit
    account_limit = settings.CITYHALL_BOOKING_ACCOUNT_LIMIT
    if account_limit > 0 and getattr(user, "is_authenticated", False):
        key = f"booking-rate:account:{user.pk}:{bucket}"
        over = _count(key, window) > account_limit or over
    if over:
        raise ReservationError(
            _("Too many booking attempts. Please wait a minute and try again."),
            code="rate_limited",
            status=429,
            extra={"retry_after": window - int(time.time()) % window},
        )
