"""Which language an API response speaks.

LocaleMiddleware treats every address without a language prefix as Japanese
(``prefix_default_language=False``), so the API negotiates for itself: a valid
``?lang=`` wins, else the Accept-Language header, else Japanese. Endpoints and
the error handlers use the same rule, so an error reads in the language the
client asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def request_language(request: HttpRequest, lang: str | None = None) -> str:
    """The language code for this API request."""
    lang = lang or request.GET.get("lang")
    if lang in LANGUAGE_CODES:
        return lang
    return get_supported_content_language_variant(
        translation.get_language_from_request(request)
    )


@contextmanager
def request_language_active(
    request: HttpRequest, lang: str | None = None
) -> Iterator[str]:
    """Activate :func:`request_language` for the duration of the block."""
    code = request_language(request, lang)
    with translation.override(code):
        yield code
