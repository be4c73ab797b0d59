"""HTML views of the website app that are not Wagtail pages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cityhall.website.display import (
    CONTRASTS,
    DISPLAY_COOKIE_MAX_AGE,
    DISPLAY_COOKIE_NAME,
    FURIGANA_CHOICES,
    TEXT_SIZES,
    display_cookie_value,
)
from cityhall.website.selectors import sitemap_tree


# CSRF exemption is deliberate: the form sits in the header of every page,
# including pages served from the anonymous page cache, which must not carry a
# CSRF token. A forged submission can only change how large the text is or the
# colours on the victim's own browser, which they can change straight back; it
# reads nothing and writes nothing on the server.
@csrf_exempt
@require_POST
def display_options_set(request: HttpRequest) -> HttpResponse:
    """Remember text size, contrast and furigana in a cookie; back to the page."""
    size = request.POST.get("size", "normal")
    contrast = request.POST.get("contrast", "normal")
    furigana = request.POST.get("furigana", "off")
    if (
        size not in TEXT_SIZES
        or contrast not in CONTRASTS
        or furigana not in FURIGANA_CHOICES
    ):
        return HttpResponseBadRequest(
            _("Unknown display option. Nothing was changed."),
            content_type="text/plain; charset=utf-8",
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(
        DISPLAY_COOKIE_NAME,
        display_cookie_value(size=size, contrast=contrast, furigana=furigana == "on"),
        max_age=DISPLAY_COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@require_GET
def sitemap_page(request: HttpRequest) -> HttpResponse:
    """サイトマップ: the page tree of the visitor's language, for people."""
    return TemplateResponse(
        request, "website/sitemap_page.html", {"tree": sitemap_tree(request)}
    )
