"""Refusing request bodies that are larger than their address accepts (413).

Django reads a multipart body only when a view asks for ``request.POST``, and
then spools file parts to disk however large they are. This middleware decides
before that:

* A request that declares a ``Content-Length`` above the limit is answered with
  413 at once; not one byte of its body is read.
* A chunked request (no ``Content-Length``; the server marks ``wsgi.input`` as
  terminated, as gunicorn does) is read here, counting, into a spooled buffer;
  at the first byte over the limit reading stops and the answer is 413. Below the
  limit the request goes on with the buffer and its real ``Content-Length``, so
  Django parses it like any other.

Every address accepts ``CITYHALL_REQUEST_BODY_MAX_BYTES``, enough for ordinary
forms. Routes that take uploads declare a larger limit in
``CITYHALL_REQUEST_BODY_LIMITS``, a mapping of path prefixes to bytes; a
language prefix (``/en/``) is ignored when matching, and the longest matching
prefix wins. The refusal is a short page in the reader's language, or the API's
JSON error shape under ``/api/``.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant

#: Bytes read from a chunked body at a time.
READ_CHUNK_BYTES = 64 * 1024
API_PREFIX = "/api/"
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def request_body_limit(path: str, *, default: int, limits: Mapping[str, int]) -> int:
    """The largest body in bytes that a request to ``path`` may carry.

    ``limits`` maps path prefixes to byte counts; the longest prefix matching
    ``path``, or ``path`` without its language prefix, wins. Other paths get
    ``default``.
    """
    candidates = [path]
    language = translation.get_language_from_path(path)
    if language:
        candidates.append(path[len(language) + 1 :])
    matching = [
        (len(prefix), limit)
        for prefix, limit in limits.items()
        if any(candidate.startswith(prefix) for candidate in candidates)
    ]
    return max(matching)[1] if matching else default


def _declared_length(request: HttpRequest) -> int | None:
    raw = request.META.get("CONTENT_LENGTH")
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        # Django reads a malformed length as 0 (no body); so do we.
        return None


def _is_terminated_stream_without_length(request: HttpRequest) -> bool:
    """A body of unknown length that can be read to its end safely: the server
    promises ``wsgi.input`` ends with the body (PEP 3333's
    ``wsgi.input_terminated``, set by gunicorn for chunked requests)."""
    return bool(request.META.get("wsgi.input_terminated")) and (
        "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    )


def _api_language(request: HttpRequest) -> str:
    """The API's rule (a valid ``?lang=``, else Accept-Language, else Japanese),
    repeated here because ``common`` may not import the API."""
    lang = request.GET.get("lang")
    if lang in LANGUAGE_CODES:
        return lang
    return get_supported_content_language_variant(
        translation.get_language_from_request(request)
    )


def request_too_large_response(request: HttpRequest, *, limit: int) -> HttpResponse:
    """The 413 answer: the API's JSON error shape under /api/, else a page."""
    if request.path_info.startswith(API_PREFIX):
        language = _api_language(request)
        with translation.override(language):
            message = _(
                "The request is larger than this address accepts (%(limit)s). "
                "Please send less data."
            ) % {"limit": filesizeformat(limit)}
        body = {
            "error": {
                "code": "request_too_large",
                "message": message,
                "details": {"max_bytes": limit},
            }
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False),
            status=413,
            content_type="application/json",
        )
    else:
        language = translation.get_language()
        # Rendered without context processors: the page needs no database.
        html = render_to_string("413.html", {"limit": limit})
        response = HttpResponse(html, status=413)
    response["Content-Language"] = language
    return response


class _TooLarge(Exception):
    pass


def _buffer_body(
    request: HttpRequest, *, limit: int
) -> tuple[tempfile.SpooledTemporaryFile[bytes], int]:
    """Read the whole body into a spooled file, refusing past ``limit`` bytes."""
    source = request.META["wsgi.input"]
    buffer = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed with the response
        max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
        dir=settings.FILE_UPLOAD_TEMP_DIR,
    )
    size = 0
    try:
        while chunk := source.read(READ_CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            buffer.write(chunk)
    except BaseException:
        buffer.close()
        raise
    buffer.seek(0)
    return buffer, size


class RequestBodyLimitMiddleware:
    """Answer 413 to a request whose body is larger than its route accepts.

    Placed right after LocaleMiddleware, so the refusal reads in the request's
    language, and before anything that reads the body (CSRF, views).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.default = settings.CITYHALL_REQUEST_BODY_MAX_BYTES
        self.limits = dict(settings.CITYHALL_REQUEST_BODY_LIMITS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = request_body_limit(
            request.path_info, default=self.default, limits=self.limits
        )
        length = _declared_length(request)
        if length is not None:
            if length > limit:
                return request_too_large_response(request, limit=limit)
            return self.get_response(request)
        if not _is_terminated_stream_without_length(request):
            return self.get_response(request)
        try:
            buffer, size = _buffer_body(request, limit=limit)
        except _TooLarge:
            return request_too_large_response(request, limit=limit)
        # From here on the request looks as if it had declared its length.
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(buffer, size)  # type: ignore[arg-type,assignment]
        response = self.get_response(request)
        # Closed with the response, as Django closes uploaded files.
        response._resource_closers.append(buffer.close)  # type: ignore[attr-defined]
        return response
