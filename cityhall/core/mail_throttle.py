"""Rate limits of forms that mail an address a stranger can type (sign-up,
password reset, mail subscription).

Each submission counts against its **source** (client address, an IPv6 /64 as
one, see :mod:`cityhall.core.login_throttle`) and against the **typed address**
(a keyed hash, never the address itself), in fixed one-hour windows kept in the
shared "default" cache. Over either limit the form is refused with a translated
message and nothing is mailed: the source limit stops one machine from mailing
many addresses, the address limit stops many machines from flooding one inbox.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from cityhall.core.login_throttle import _source_id, client_ip

WINDOW_SECONDS = 3600


def _count(key: str) -> int:
    cache = caches["default"]
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def mail_form_allowed(request: HttpRequest, *, form: str, address: str) -> bool:
    """Count this submission of ``form``; ``False`` when its source or the typed
    address is over its hourly limit (the caller must then send nothing)."""
    bucket = int(time.time() // WINDOW_SECONDS)
    source = _source_id(client_ip(request))
    typed = salted_hmac(
        "cityhall.mail_throttle", (address or "").strip().lower()
    ).hexdigest()[:40]
    source_count = _count(f"mail-throttle:{form}:source:{source}:{bucket}")
    address_count = _count(f"mail-throttle:{form}:address:{typed}:{bucket}")
    return (
        source_count <= settings.CITYHALL_MAIL_FORM_SOURCE_LIMIT
        and address_count <= settings.CITYHALL_MAIL_FORM_ADDRESS_LIMIT
    )


def mail_form_refused_message() -> str:
    """The message shown when a mail-sending form is over its limit."""
    return gettext("Too many requests for this form. Please try again in an hour.")
