"""Rate limits of lottery entries (抽選申込), against scripted mass entry.

Each entry attempt counts against the signed-in **account** and against its
**source** (client address, an IPv6 /64 as one, see
:mod:`cityhall.core.login_throttle`), in fixed ten-minute windows kept in the
shared "default" cache. Over either limit the attempt is refused with HTTP 429
and a translated message; nothing is written. Only the account's own
authenticated requests count against it, so nobody can exhaust another
resident's allowance; a source limit only ever slows down that source.
"""

from __future__ import annotations

import time

from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cityhall.common.errors import RateLimitedError
from cityhall.core.login_throttle import _source_id, client_ip

WINDOW_SECONDS = 600
#: Attempts per account per window: far above what a person types.
ACCOUNT_LIMIT = 30
#: Attempts per source per window: a household or an office behind one address.
SOURCE_LIMIT = 120


def _count(key: str) -> int:
    cache = caches["default"]
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def lottery_entry_check(request: HttpRequest) -> None:
    """Count this entry attempt; raise ``rate_limited`` (429) when the account
    or the source is over its limit."""
    bucket = int(time.time() // WINDOW_SECONDS)
    account = _count(f"lottery-entry:account:{request.user.pk}:{bucket}")
    source = _count(f"lottery-entry:source:{_source_id(client_ip(request))}:{bucket}")
    if account > ACCOUNT_LIMIT or source > SOURCE_LIMIT:
        raise RateLimitedError(
            _("Too many lottery entries in a short time. Please wait ten minutes.")
        )
