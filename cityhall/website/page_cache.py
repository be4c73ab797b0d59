"""Full-page cache for anonymous visitors.

Most traffic to a city website is anonymous residents reading the same pages, so a
rendered page is kept in the "pages" cache and served before sessions,
authentication and Wagtail routing run (the middleware sits right after
WhiteNoise in ``MIDDLEWARE`` for that reason).

What may be cached is decided where the response is made, not by guessing from the
URL: Wagtail page types call :func:`mark_cacheable` from ``serve``. The middleware
still refuses any response that sets a cookie, used a CSRF token or is not a 200
HTML page.

Invalidation: every key contains a *content generation* number kept in the shared
"default" cache. Publishing, unpublishing, moving or deleting a page, saving the
emergency banner, a news category, a department or the municipality bumps it (see
``signal_handlers``), which orphans every cached page at once; orphans expire after
``PAGE_CACHE_SECONDS``. Content that stops being true at a known moment (an
emergency notice's end of validity) notes that moment with
:func:`content_expiry_note`; the first generation look-up after it starts a new
generation (ADR 0004, docs/notices.md). Each process remembers the generation for
:data:`GENERATION_MEMO_SECONDS` to save a cache round trip per hit, so another
process may serve the previous version for up to that long after a publish. The
process that handled the publish forgets its memo at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import get_language_from_path

from cityhall.website.display import (
    DISPLAY_COOKIE_NAME,
    display_options_from_cookie,
    furigana_from_cookie,
)

#: Attribute set on a response that page serving declares cacheable.
CACHEABLE_ATTRIBUTE = "_cityhall_page_cacheable"
#: Query parameters that select different content of a cacheable page; any other
#: parameter bypasses the cache (so ``?q=<random>`` cannot flood it), except the
#: tracking parameters below.
#: ``month`` selects a facility calendar's month (reservations; the view marks
#: only months near today cacheable, so it cannot be used to fill the cache).
ALLOWED_QUERY_PARAMETERS = frozenset({"page", "category", "month"})
#: Parameters that link shorteners, social networks (LINE, X, Facebook), ad
#: networks and newsletters append to shared links. They never change a page, and
#: in a disaster most visitors arrive through such links, each with its own value:
#: they are dropped from the request before the cache key is made and before the
#: page renders, so every visitor shares one cached copy of the clean address.
TRACKING_QUERY_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "yclid",
        "msclkid",
        "twclid",
        "ttclid",
        "igshid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "fb_action_ids",
        "fb_action_types",
        "fb_ref",
        "fb_source",
    }
)
#: Any parameter starting with one of these is a tracking parameter too.
TRACKING_QUERY_PREFIXES = ("utm_",)
GENERATION_KEY = "website:content-generation"
#: How long a process trusts its remembered content generation (seconds).
GENERATION_MEMO_SECONDS = 1.0
#: (generation, POSIX time) at which content shown in that generation expires.
EXPIRY_KEY = "website:content-expiry"

T = TypeVar("T")

_memo_lock = threading.Lock()
_memo: dict[str, float | int] = {"value": 0, "expires": 0.0}
#: generation → the earliest expiry this process knows is noted for it.
_expiry_noted: dict[int, float] = {}


def mark_cacheable(response: HttpResponse) -> HttpResponse:
    """Declare that ``response`` is a public page that anonymous visitors share."""
    setattr(response, CACHEABLE_ATTRIBUTE, True)
    return response


#: Attribute holding the moment (POSIX time) a cacheable response stops being true.
CACHE_UNTIL_ATTRIBUTE = "_cityhall_page_cache_until"


def cacheable_until(response: HttpResponse, at: dt.datetime) -> HttpResponse:
    """Keep ``response`` in the page cache no longer than ``at`` (a notice's
    end of validity: the page then says it is no longer in effect)."""
    setattr(response, CACHE_UNTIL_ATTRIBUTE, at.timestamp())
    return response


def _cache_timeout(response: HttpResponse) -> int:
    until = getattr(response, CACHE_UNTIL_ATTRIBUTE, None)
    if until is None:
        return settings.PAGE_CACHE_SECONDS
    return max(1, min(settings.PAGE_CACHE_SECONDS, int(until - time.time())))


def content_generation() -> int:
    """The current content generation, remembered in this process for ≤1 s."""
    now = time.monotonic()
    with _memo_lock:
        if now < _memo["expires"]:
            return int(_memo["value"])
    cache = caches["default"]
    found = cache.get_many([GENERATION_KEY, EXPIRY_KEY])
    value = found.get(GENERATION_KEY)
    if value is None:
        # A clock-based start never repeats a number used before the key was
        # evicted, so orphaned pages cannot come back to life.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY) or time.time_ns()
    expiry = found.get(EXPIRY_KEY)
    if expiry is not None and expiry[0] == value and time.time() >= expiry[1]:
        # Something shown in this generation stopped being true (an emergency
        # notice expired): start a new one. Processes racing here each bump
        # once more, which only orphans a few more cached pages.
        try:
            value = cache.incr(GENERATION_KEY)
        except ValueError:
            value = time.time_ns()
            cache.set(GENERATION_KEY, value, timeout=None)
    with _memo_lock:
        _memo["value"] = int(value)
        _memo["expires"] = now + GENERATION_MEMO_SECONDS
    return int(value)


def content_expiry_note(at: dt.datetime) -> None:
    """Note that content rendered in the current generation stops being true at
    ``at`` (an emergency notice's end of validity, shown in the banner).

    When that moment passes, the next :func:`content_generation` look-up in any
    process starts a new generation, so cached pages and the site chrome are
    rebuilt without waiting for a publish or a periodic task: at most
    :data:`GENERATION_MEMO_SECONDS` late. Only the earliest moment is kept.
    """
    generation = content_generation()
    moment = at.timestamp()
    with _memo_lock:
        known = _expiry_noted.get(generation)
    if known is not None and known <= moment:
        return  # this process already made sure of an earlier or equal one
    cache = caches["default"]
    noted = cache.get(EXPIRY_KEY)
    if not (noted is not None and noted[0] == generation and noted[1] <= moment):
        cache.set(EXPIRY_KEY, (generation, moment), timeout=None)
        noted = (generation, moment)
    with _memo_lock:
        _expiry_noted.clear()
        _expiry_noted[generation] = noted[1]


#: Entries :func:`generation_memo` keeps per process before starting afresh.
MEMO_MAX_ENTRIES = 1000

_values_lock = threading.Lock()
_values: dict[str, object] = {}
_values_generation: list[int] = [0]


def generation_memo(key: str, build: Callable[[], T]) -> T:
    """``build()``, remembered in this process until the content generation moves.

    For what every page render reads and only publishing changes (the site and
    its home page, the site chrome, which pages are private): a full render then
    costs no query and no shared-cache round trip for them. It is as fresh as the
    page cache itself. The value is shared by every thread of the process, so it
    must be treated as read-only.
    """
    generation = content_generation()
    with _values_lock:
        if _values_generation[0] != generation:
            _values.clear()
            _values_generation[0] = generation
        if key in _values:
            return _values[key]  # type: ignore[return-value]
    value = build()
    with _values_lock:
        if _values_generation[0] == generation:
            if len(_values) >= MEMO_MAX_ENTRIES:
                _values.clear()
            _values[key] = value
    return value


def forget_process_memos() -> None:
    """Forget the remembered generation and every :func:`generation_memo` value
    (tests call it between cases, whose databases and caches start afresh)."""
    with _memo_lock:
        _memo["expires"] = 0.0
        _expiry_noted.clear()
    with _values_lock:
        _values.clear()
        _values_generation[0] = 0


def _bump() -> None:
    cache = caches["default"]
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    with _memo_lock:
        _memo["expires"] = 0.0


def content_generation_bump() -> None:
    """Invalidate every cached page (and the cached site chrome).

    Bumps now, so this process and the rest of the request see the change, and
    once more after the surrounding transaction commits, so a page rendered by
    another process from not-yet-committed data cannot survive in the cache.
    """
    _bump()
    transaction.on_commit(_bump)


def is_tracking_parameter(name: str) -> bool:
    """Whether query parameter ``name`` only tracks where a visitor came from."""
    return name in TRACKING_QUERY_PARAMETERS or name.startswith(TRACKING_QUERY_PREFIXES)


def _strip_tracking_parameters(request: HttpRequest) -> None:
    """Remove tracking parameters from ``request`` (query string and ``GET``),
    so that the page renders exactly as it does for the clean address (forms
    that echo the current address included)."""
    if not any(is_tracking_parameter(name) for name in request.GET):
        return
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if not is_tracking_parameter(name):
            kept.setlist(name, values)
    request.META["QUERY_STRING"] = kept.urlencode()
    kept._mutable = False
    request.GET = kept  # type: ignore[assignment]  # read-only, as Django's own


def _cache_key(request: HttpRequest, generation: int) -> str | None:
    """The cache key for ``request``, or None when it must not use the cache.

    Call it after :func:`_strip_tracking_parameters`: any parameter left that is
    not in :data:`ALLOWED_QUERY_PARAMETERS` bypasses the cache.
    """
    if not _cache_eligible(request):
        return None
    if any(name not in ALLOWED_QUERY_PARAMETERS for name in request.GET):
        return None
    query = "&".join(
        f"{name}={value}"
        for name in sorted(request.GET)
        for value in request.GET.getlist(name)
    )
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    cookie = request.COOKIES.get(DISPLAY_COOKIE_NAME)
    size, contrast = display_options_from_cookie(cookie)
    furigana = "furigana" if furigana_from_cookie(cookie) else ""
    raw = "\n".join(
        [request.get_host(), request.path, query, language, size, contrast, furigana]
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page:{generation}:{digest}"


def _cache_eligible(request: HttpRequest) -> bool:
    """Whether ``request`` may use the cache, its query string aside."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return bool(
        getattr(response, CACHEABLE_ATTRIBUTE, False)
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not getattr(response, "streaming", False)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and getattr(request, "user", None) is not None
        and not request.user.is_authenticated
    )


class AnonymousPageCacheMiddleware:
    """Serve and store whole HTML pages for visitors without a session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _cache_eligible(request):
            _strip_tracking_parameters(request)
        key = _cache_key(request, content_generation())
        if key is None:
            return self.get_response(request)
        pages = caches["pages"]
        cached = pages.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in {"set-cookie", "x-cache"}
            ]
            pages.set(
                key, (response.content, headers), timeout=_cache_timeout(response)
            )
            response["X-Cache"] = "miss"
        return response
