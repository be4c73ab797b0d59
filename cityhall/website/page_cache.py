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
``PAGE_CACHE_SECONDS``. Each process remembers the generation for
:data:`GENERATION_MEMO_SECONDS` to save a cache round trip per hit, so another
process may serve the previous version for up to that long after a publish. The
process that handled the publish forgets its memo at once.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_path

from cityhall.website.display import DISPLAY_COOKIE_NAME, display_options_from_cookie

#: Attribute set on a response that page serving declares cacheable.
CACHEABLE_ATTRIBUTE = "_cityhall_page_cacheable"
#: Query parameters that select different content of a cacheable page; any other
#: parameter bypasses the cache (so ``?utm_source=…`` cannot flood it).
ALLOWED_QUERY_PARAMETERS = frozenset({"page", "category"})
GENERATION_KEY = "website:content-generation"
#: How long a process trusts its remembered content generation (seconds).
GENERATION_MEMO_SECONDS = 1.0

_memo_lock = threading.Lock()
_memo: dict[str, float | int] = {"value": 0, "expires": 0.0}


def mark_cacheable(response: HttpResponse) -> HttpResponse:
    """Declare that ``response`` is a public page that anonymous visitors share."""
    setattr(response, CACHEABLE_ATTRIBUTE, True)
    return response


def content_generation() -> int:
    """The current content generation, remembered in this process for ≤1 s."""
    now = time.monotonic()
    with _memo_lock:
        if now < _memo["expires"]:
            return int(_memo["value"])
    cache = caches["default"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A clock-based start never repeats a number used before the key was
        # evicted, so orphaned pages cannot come back to life.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY) or time.time_ns()
    with _memo_lock:
        _memo["value"] = int(value)
        _memo["expires"] = now + GENERATION_MEMO_SECONDS
    return int(value)


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


def _cache_key(request: HttpRequest, generation: int) -> str | None:
    """The cache key for ``request``, or None when it must not use the cache."""
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    if any(name not in ALLOWED_QUERY_PARAMETERS for name in request.GET):
        return None
    query = "&".join(
        f"{name}={value}"
        for name in sorted(request.GET)
        for value in request.GET.getlist(name)
    )
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    size, contrast = display_options_from_cookie(
        request.COOKIES.get(DISPLAY_COOKIE_NAME)
    )
    raw = "\n".join([request.get_host(), request.path, query, language, size, contrast])
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page:{generation}:{digest}"


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
                key, (response.content, headers), timeout=settings.PAGE_CACHE_SECONDS
            )
            response["X-Cache"] = "miss"
        return response
