"""The public REST API, ``/api/v1/`` (read-only, anonymous).

Each endpoint parses its input, calls one selector and shapes the answer. The
language of names and content is ``?lang=`` when given, else the one Django
negotiated from the Accept-Language header (Japanese by default).
"""

from __future__ import annotations

import datetime as dt
import uuid
from html import unescape
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.html import strip_tags
from ninja import NinjaAPI, Query

from cityhall.api import schemas
from cityhall.api.errors import install_error_handlers
from cityhall.api.language import request_language_active
from cityhall.api.sanitize import sanitize_html
from cityhall.common.search.indexing import page_body_text
from cityhall.common.search.query import (
    MAX_QUERY_LENGTH,
    SNIPPET_CHARS,
    highlight,
    search_entries_for_query,
    search_terms_parse,
)
from cityhall.core.models import Department, Municipality
from cityhall.core.selectors.organisation import (
    department_get_public,
    department_list_public,
    municipality_current,
)
from cityhall.website.models import NewsPage
from cityhall.website.selectors import news_for_language, news_item_for_language

api = NinjaAPI(
    title="Cityhall API",
    version="1",
    description=(
        "Public, read-only information of the municipality: profile, "
        "departments, news and site search. Errors always have the shape "
        '`{"error": {"code", "message", "details"}}`.'
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/payments/", "cityhall.payments.api.router")

#: Language codes the API accepts in ``?lang=`` (settings.LANGUAGES).
if TYPE_CHECKING:
    Language = str
else:
    Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]
ERRORS: dict[int, Any] = {422: schemas.ErrorOut}
MAX_LIMIT = 100


def _municipality_out(municipality: Municipality) -> dict[str, Any]:
    return {
        "name": municipality.display_name(),
        "name_kana": municipality.name_kana,
        "local_government_code": municipality.local_government_code,
        "prefecture": municipality.prefecture,
        "postal_code": municipality.postal_code,
        "address": municipality.address,
        "phone": municipality.phone,
        "email": municipality.email,
        "website": municipality.website_url,
        "opening_hours": municipality.display_opening_hours(),
        "enabled_languages": list(municipality.enabled_languages),
        "districts": [
            {"code": d.code, "name": d.display_name(), "name_kana": d.name_kana}
            for d in municipality.districts.all()
        ],
    }


def _department_out(department: Department) -> dict[str, Any]:
    parent = department.parent
    return {
        "id": department.public_id,
        "code": department.code,
        "name": department.display_name(),
        "name_kana": department.name_kana,
        "parent_id": parent.public_id if parent else None,
        "parent_code": parent.code if parent else None,
        "is_division": department.is_division,
        "contact": {
            "phone": department.phone,
            "fax": department.fax,
            "email": department.email,
            "location": department.display_location(),
        },
    }


def _news_out(request: HttpRequest, page: NewsPage) -> dict[str, Any]:
    department = page.department
    return {
        "id": page.translation_key,
        "language": page.locale.language_code,
        "title": page.title,
        "date": page.date,
        "lead": page.lead,
        "categories": [{"slug": c.slug, "name": c.name} for c in page.categories.all()],
        "url": page.get_full_url(request) or "",
        "department": (
            {
                "id": department.public_id,
                "code": department.code,
                "name": department.display_name(),
            }
            if department
            else None
        ),
    }


@api.get(
    "/municipality",
    response={200: schemas.MunicipalityOut, 404: schemas.ErrorOut, **ERRORS},
    summary="Municipality profile",
    tags=["organisation"],
)
def municipality(request: HttpRequest, lang: Language | None = None):
    """The municipality's profile, names in the requested language."""
    with request_language_active(request, lang):
        found = municipality_current()
        if found is None:
            raise Http404
        return _municipality_out(found)


@api.get(
    "/departments",
    response={200: list[schemas.DepartmentOut], **ERRORS},
    summary="Departments and divisions",
    tags=["organisation"],
)
def departments(request: HttpRequest, lang: Language | None = None):
    """Every active department (部) and division (課), flat, in display order."""
    with request_language_active(request, lang):
        return [_department_out(d) for d in department_list_public()]


@api.get(
    "/departments/{public_id}",
    response={200: schemas.DepartmentOut, 404: schemas.ErrorOut, **ERRORS},
    summary="One department",
    tags=["organisation"],
)
def department(
    request: HttpRequest, public_id: uuid.UUID, lang: Language | None = None
):
    """One active department by its public id."""
    with request_language_active(request, lang):
        found = department_get_public(public_id=public_id)
        if found is None:
            raise Http404
        return _department_out(found)


@api.get(
    "/news",
    response={200: schemas.NewsListOut, **ERRORS},
    summary="News, newest first",
    tags=["news"],
)
def news(
    request: HttpRequest,
    lang: Language | None = None,
    category: str | None = Query(None, max_length=80, description="Category slug."),
    since: dt.date | None = Query(None, description="Items dated on or after."),  # noqa: B008
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=100_000),
):
    """Live news items of the language, newest first, paginated by limit/offset."""
    with request_language_active(request, lang) as language:
        items = news_for_language(
            language_code=language, category=category, since=since
        )
        return {
            "count": items.count(),
            "limit": limit,
            "offset": offset,
            "items": [_news_out(request, p) for p in items[offset : offset + limit]],
        }


@api.get(
    "/news/{id}",
    response={200: schemas.NewsDetailOut, 404: schemas.ErrorOut, **ERRORS},
    summary="One news item with its body",
    tags=["news"],
)
def news_item(request: HttpRequest, id: uuid.UUID, lang: Language | None = None):
    """One news item by its id (translation key) in the requested language."""
    with request_language_active(request, lang) as language:
        page = news_item_for_language(translation_key=id, language_code=language)
        if page is None:
            raise Http404
        rendered = str(page.body.render_as_block(context={"request": request}))
        return {
            **_news_out(request, page),
            "body_html": sanitize_html(
                rendered, absolute_url=request.build_absolute_uri
            ),
            "body_text": page_body_text(page),
            "published_at": page.first_published_at,
            "updated_at": page.last_published_at,
        }


@api.get(
    "/pages/search",
    response={200: schemas.PageSearchOut, 400: schemas.ErrorOut, **ERRORS},
    summary="Site search",
    tags=["pages"],
)
def pages_search(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_LENGTH),
    lang: Language | None = None,
    limit: int = Query(10, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=100_000),
):
    """Pages of the language containing every word of ``q`` (Japanese-aware)."""
    with request_language_active(request, lang) as language:
        terms = search_terms_parse(q)
        entries = search_entries_for_query(terms=terms, language_code=language)
        window = list(entries.select_related("page")[offset : offset + limit])
        return {
            "query": q,
            "count": entries.count(),
            "limit": limit,
            "offset": offset,
            "items": [
                {
                    "id": entry.page.translation_key,
                    "title": entry.title,
                    "url": request.build_absolute_uri(entry.url_path),
                    "snippet": _plain_snippet(entry.body_text, terms),
                    "date": entry.date,
                    "type": entry.content_type_label,
                }
                for entry in window
            ],
        }


def _plain_snippet(text: str, terms: list[str]) -> str:
    """The search snippet as plain text (the HTML one without its marks)."""
    return unescape(strip_tags(highlight(text, terms, limit=SNIPPET_CHARS)))
