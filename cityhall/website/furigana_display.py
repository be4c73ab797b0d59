"""The furigana display option: ruby readings over the kanji of Japanese pages.

A visitor who chose readings in the display options (cookie, see
:mod:`cityhall.website.display`) gets every Japanese page with ruby
(``<ruby>漢字<rt>かんじ</rt></ruby>``) added on the server, so it works without
JavaScript. The middleware sits just inside the anonymous page cache: a page
with readings is stored in the cache under its own key (the option is part of
the key) and costs the analysis once per content generation. The engine with
the municipality's reading dictionary is built once per content generation
too; editing the dictionary bumps the generation.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cityhall.common.furigana.dictionary import engine_from_database
from cityhall.common.furigana.engine import FuriganaEngine
from cityhall.common.furigana.html import add_ruby
from cityhall.website.display import DISPLAY_COOKIE_NAME, furigana_from_cookie
from cityhall.website.page_cache import generation_memo

ADMIN_PREFIX = "/admin/"


def furigana_engine() -> FuriganaEngine:
    """The engine with the current reading dictionary (one per generation)."""
    return generation_memo("furigana:engine", engine_from_database)


class FuriganaDisplayMiddleware:
    """Add ruby readings to HTML pages for visitors who asked for them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not furigana_from_cookie(request.COOKIES.get(DISPLAY_COOKIE_NAME)):
            return response
        if (
            request.path_info.startswith(ADMIN_PREFIX)
            or response.status_code != 200
            or getattr(response, "streaming", False)
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        charset = response.charset or "utf-8"
        document = response.content.decode(charset)
        response.content = add_ruby(
            document, furigana_engine(), page_language=""
        ).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
