"""Slowing down password guessing without letting anybody lock a user out.

Two counters of recent failures are kept in the shared "default" cache (the
database cache when embedded, Redis in production, so every web process sees
the same numbers):

* per **source** (the client address; an IPv6 /64 counts as one source), and
* per **account** (a keyed hash of the typed e-mail address, kept whether or not
  such an account exists, so that behaviour never reveals which accounts do).

After a number of free failures each further failure doubles the time the
source or account has to wait before the next attempt, up to a cap. A throttled
attempt is answered with HTTP 429 and the wait time, without checking the
password. Counters are forgotten ``window`` seconds after the last failure.

A throttle on the account alone would let an attacker lock the real owner out
by failing on purpose. So every successful sign-in leaves a long-lived, signed,
HttpOnly "known device" cookie, signed with the account's id (the OWASP
device-cookie pattern). A client that presents a valid cookie for the account it
signs in to skips the account throttle (not the source throttle); a device
cookie that itself collects too many failures stops counting as known.

Client address: ``REMOTE_ADDR``. Behind a reverse proxy or load balancer, set
``CITYHALL_TRUSTED_PROXY_COUNT`` to the number of proxies that append to
``X-Forwarded-For``; otherwise every request seems to come from the proxy, and
the source throttle then slows everybody at once.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from cityhall.core.models import User


@dataclass(frozen=True)
class ThrottleRule:
    """How many failures are free, and how the wait grows after that."""

    scope: str
    free_failures: int
    base_delay: int  # seconds, doubled for each failure beyond the free ones
    max_delay: int
    window: int  # seconds after the last failure until the counter is forgotten

    def delay_after(self, failures: int) -> int:
        if failures < self.free_failures:
            return 0
        exponent = min(failures - self.free_failures, 30)
        return min(self.base_delay * 2**exponent, self.max_delay)


# A city hall, a school or a mobile carrier puts many people behind one
# address, so the source rule is more forgiving than the account rule.
SOURCE_RULE = ThrottleRule(
    "source", free_failures=20, base_delay=2, max_delay=600, window=3600
)
ACCOUNT_RULE = ThrottleRule(
    "account", free_failures=5, base_delay=10, max_delay=900, window=3600
)
#: Failures after which a known-device cookie no longer skips the account rule.
DEVICE_FAILURE_LIMIT = 10
DEVICE_COOKIE_PREFIX = "cityhall_device_"
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
_DEVICE_SALT = "cityhall.login_throttle.device"
_CACHE_ALIAS = "default"


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the right entry of X-Forwarded-For
    when ``CITYHALL_TRUSTED_PROXY_COUNT`` proxies are trusted to set it."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "CITYHALL_TRUSTED_PROXY_COUNT", 0)
    candidate = remote
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        # Each trusted proxy appends the address it received from; anything to
        # the left of the last ``proxies`` entries was written by the client.
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        try:
            return str(ipaddress.ip_address(remote))
        except ValueError:
            return ""


def _source_id(ip: str) -> str:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        # One subscriber usually holds a whole /64.
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _hashed(value: str) -> str:
    return salted_hmac("cityhall.login_throttle", value).hexdigest()[:40]


def _normalise_identifier(identifier: str) -> str:
    return identifier.strip().lower()


@dataclass(frozen=True)
class LoginAttempt:
    """One sign-in attempt as the throttle sees it."""

    source: str
    account: str
    device: str | None  # nonce of a valid known-device cookie for this account

    @property
    def device_trusted(self) -> bool:
        return self.device is not None and (
            _failures(_key("device", self.device)) < DEVICE_FAILURE_LIMIT
        )


def _key(scope: str, ident: str) -> str:
    return f"login-throttle:{scope}:{_hashed(ident)}"


def _cache():
    return caches[_CACHE_ALIAS]


def _failures(key: str) -> int:
    return int(_cache().get(f"{key}:n", 0))


def _device_cookie_name(user: Any) -> str:
    digest = hashlib.sha256(str(user.public_id).encode()).hexdigest()[:16]
    return f"{DEVICE_COOKIE_PREFIX}{digest}"


def _device_salt(user: Any) -> str:
    return f"{_DEVICE_SALT}.{user.pk}.{user.public_id}"


def _known_device(request: HttpRequest, identifier: str) -> str | None:
    if not any(name.startswith(DEVICE_COOKIE_PREFIX) for name in request.COOKIES):
        return None
    user = User.objects.filter(email__iexact=identifier).only("pk", "public_id").first()
    if user is None:
        return None
    try:
        return request.get_signed_cookie(
            _device_cookie_name(user),
            salt=_device_salt(user),
            max_age=DEVICE_COOKIE_MAX_AGE,
        )
    except (KeyError, signing.BadSignature):
        return None


def login_attempt_for(request: HttpRequest, *, identifier: str) -> LoginAttempt:
    """Describe the attempt to sign in as ``identifier`` from ``request``."""
    identifier = _normalise_identifier(identifier)
    return LoginAttempt(
        source=_source_id(client_ip(request)),
        account=identifier,
        device=_known_device(request, identifier) if identifier else None,
    )


def _wait(rule: ThrottleRule, key: str, now: float) -> int:
    cache = _cache()
    failures = int(cache.get(f"{key}:n", 0))
    delay = rule.delay_after(failures)
    if not delay:
        return 0
    last = float(cache.get(f"{key}:t", 0))
    return max(0, math.ceil(last + delay - now))


def login_wait_seconds(attempt: LoginAttempt, *, now: float | None = None) -> int:
    """Seconds the client must wait before this attempt may be checked; 0 = go."""
    now = time.time() if now is None else now
    wait = _wait(SOURCE_RULE, _key("source", attempt.source), now)
    if not attempt.device_trusted:
        wait = max(wait, _wait(ACCOUNT_RULE, _key("account", attempt.account), now))
    return wait


def _bump(key: str, window: int, now: float) -> None:
    cache = _cache()
    cache.add(f"{key}:n", 0, timeout=window)
    try:
        cache.incr(f"{key}:n")
    except ValueError:
        # Expired between add and incr.
        cache.set(f"{key}:n", 1, timeout=window)
    cache.touch(f"{key}:n", timeout=window)
    cache.set(f"{key}:t", now, timeout=window)


def login_failure_record(attempt: LoginAttempt, *, now: float | None = None) -> None:
    """Count a failed attempt against its source, account and device cookie."""
    now = time.time() if now is None else now
    _bump(_key("source", attempt.source), SOURCE_RULE.window, now)
    _bump(_key("account", attempt.account), ACCOUNT_RULE.window, now)
    if attempt.device is not None:
        _bump(_key("device", attempt.device), ACCOUNT_RULE.window, now)


def login_success_record(
    attempt: LoginAttempt, *, user: Any, response: HttpResponse
) -> None:
    """Forget the account's failures and (re)issue the known-device cookie.

    The source counter is kept: otherwise an attacker could sign in to an
    account of their own between guesses to wipe it.
    """
    cache = _cache()
    cache.delete_many(
        [f"{_key('account', attempt.account)}:{part}" for part in ("n", "t")]
    )
    response.set_signed_cookie(
        _device_cookie_name(user),
        attempt.device or secrets.token_urlsafe(16),
        salt=_device_salt(user),
        max_age=DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def throttled_message(seconds: int) -> str:
    """The translatable message for a throttled attempt, with the wait time."""
    if seconds < 60:
        return ngettext(
            "Too many unsuccessful sign-in attempts. Please wait %(count)d second "
            "and try again.",
            "Too many unsuccessful sign-in attempts. Please wait %(count)d seconds "
            "and try again.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many unsuccessful sign-in attempts. Please wait %(count)d minute "
        "and try again.",
        "Too many unsuccessful sign-in attempts. Please wait %(count)d minutes "
        "and try again.",
        minutes,
    ) % {"count": minutes}
