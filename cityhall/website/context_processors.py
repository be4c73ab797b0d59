"""Template context every page needs for the site chrome (base.html)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from cityhall.website.chrome import (
    enabled_languages,
    localized_url,
    municipality_cached,
    site_chrome_for_request,
)
from cityhall.website.display import (
    CONTRASTS,
    DISPLAY_COOKIE_NAME,
    FURIGANA_CHOICES,
    TEXT_SIZES,
    display_html_classes,
    display_options_from_cookie,
    furigana_from_cookie,
)

ADMIN_PREFIX = "/admin/"


def site_chrome(request: HttpRequest) -> dict[str, Any]:
    """Municipality, navigation, footer links, emergency banner, display options.

    Not for the staff console: Wagtail's admin templates have context names of
    their own (``search_url`` among them) and need none of this.
    """
    if request.path_info.startswith(ADMIN_PREFIX):
        return {}
    language = translation.get_language() or settings.LANGUAGE_CODE
    cookie = request.COOKIES.get(DISPLAY_COOKIE_NAME)
    size, contrast = display_options_from_cookie(cookie)
    furigana = furigana_from_cookie(cookie)
    municipality = municipality_cached()
    return {
        "municipality": municipality,
        "site_languages": enabled_languages(municipality),
        "chrome": site_chrome_for_request(request),
        "site_search_url": localized_url("search", "/search/", language),
        "site_map_url": localized_url("website_sitemap", "/sitemap/", language),
        "display_size": size,
        "display_contrast": contrast,
        "display_classes": display_html_classes(size, contrast, furigana),
        "display_furigana": "on" if furigana else "off",
        "display_furigana_choices": list(FURIGANA_CHOICES.items()),
        "display_text_sizes": list(TEXT_SIZES.items()),
        "display_contrasts": list(CONTRASTS.items()),
    }
