"""Public views of notices: the CAP document of an alert and the community FM
read-aloud script (plain text and HTML), at stable addresses keyed by the
notice's UUID (its translation key)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cityhall.core.selectors.organisation import municipality_current
from cityhall.notices.cap import CAP_CONTENT_TYPE, cap_document
from cityhall.notices.read_aloud import read_aloud_script
from cityhall.website.notice_selectors import notice_original, notice_versions


@require_safe
def cap_document_view(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """``/feeds/alerts/<uuid>.xml``: one notice as a CAP 1.2 alert."""
    versions = notice_versions(key)
    if not versions or versions[0].locale.language_code != settings.LANGUAGE_CODE:
        raise Http404  # no live original: nothing to announce
    return HttpResponse(
        cap_document(versions, request=request), content_type=CAP_CONTENT_TYPE
    )


def _script(key: uuid.UUID):
    page = notice_original(key)
    if page is None:
        raise Http404
    municipality = municipality_current()
    name = municipality.display_name(page.locale.language_code) if municipality else ""
    return read_aloud_script(page, municipality_name=name)


@require_safe
def read_aloud_text(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """``/notices/<uuid>/read-aloud.txt``: the script as UTF-8 plain text."""
    script = _script(key)
    response = HttpResponse(script.text, content_type="text/plain; charset=utf-8")
    response["Content-Language"] = script.page.locale.language_code
    return response


@require_safe
def read_aloud_page(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """``/notices/<uuid>/read-aloud/``: the script as a page, for staff at the
    station's desk and anyone reading along."""
    script = _script(key)
    return render(
        request,
        "notices/read_aloud.html",
        {
            "script": script,
            "page": script.page,
            "language": script.page.locale.language_code,
        },
    )
