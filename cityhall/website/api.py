"""The website's API router: news and the site search.

Mounted under ``/api/v1/`` by :mod:`cityhall.api.api`. The search lists every
kind of indexed object (pages, and whatever other apps register as search
sources), not pages only; its address keeps the name it was published under.
"""

from __future__ import annotations

import datetime as dt
import uuid
from html import unescape
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.html import strip_tags
from ninja import Query, Router, Schema
from pydantic import Field

from cityhall.common.api.language import request_language_active
from cityhall.common.api.pagination import MAX_LIMIT, MAX_OFFSET, page_window
from cityhall.common.api.params import IsoDate, Language
from cityhall.common.api.sanitize import sanitize_html
from cityhall.common.api.schemas import ERRORS, ErrorOut
from cityhall.common.models import SearchEntry
from cityhall.common.search.query import (
    MAX_QUERY_LENGTH,
    SNIPPET_CHARS,
    highlight,
    search_entries_for_query,
    search_terms_parse,
)
from cityhall.core.api import DepartmentRefOut, department_ref_out
from cityhall.website.models import NewsPage
from cityhall.website.search_index import page_body_text
from cityhall.website.selectors import news_for_language, news_item_for_language

router = Router()


class CategoryOut(Schema):
    slug: str
    name: str


class NewsItemOut(Schema):
    id: uuid.UUID = Field(description="Same for every language version of the item.")
    language: str
    title: str
    date: dt.date
    lead: str
    categories: list[CategoryOut]
    url: str
    department: DepartmentRefOut | None


class NewsDetailOut(NewsItemOut):
    body_html: str = Field(description="Sanitised HTML of the body.")
    body_text: str
    published_at: dt.datetime | None
    updated_at: dt.datetime | None


class NewsListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[NewsItemOut]


class PageSearchResultOut(Schema):
    id: uuid.UUID = Field(
        description="The object's public key (a page's translation key)."
    )
    title: str
    url: str
    snippet: str
    date: dt.date | None
    type: str = Field(description='What was found, e.g. "website.newspage".')


class PageSearchOut(Schema):
    query: str
    count: int
    limit: int
    offset: int
    items: list[PageSearchResultOut]


def _news_out(request: HttpRequest, page: NewsPage) -> dict[str, Any]:
    return {
        "id": page.translation_key,
        "language": page.locale.language_code,
        "title": page.title,
        "date": page.date,
        "lead": page.lead,
        "categories": [{"slug": c.slug, "name": c.name} for c in page.categories.all()],
        "url": page.get_full_url(request) or "",
        "department": department_ref_out(page.department),
    }


@router.get(
    "/news",
    response={200: NewsListOut, **ERRORS},
    summary="News, newest first",
    tags=["news"],
    operation_id="cityhall_api_api_news",
)
def news(
    request: HttpRequest,
    lang: Language | None = None,
    category: str | None = Query(None, max_length=80, description="Category slug."),
    since: IsoDate | None = Query(None, description="Items dated on or after."),  # noqa: B008
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Live news items of the language, newest first, paginated by limit/offset."""
    with request_language_active(request, lang) as language:
        items = news_for_language(
            language_code=language, category=category, since=since
        )
        return page_window(
            items, limit=limit, offset=offset, shape=lambda p: _news_out(request, p)
        )


@router.get(
    "/news/{id}",
    response={200: NewsDetailOut, 404: ErrorOut, **ERRORS},
    summary="One news item with its body",
    tags=["news"],
    operation_id="cityhall_api_api_news_item",
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


@router.get(
    "/pages/search",
    response={200: PageSearchOut, 400: ErrorOut, **ERRORS},
    summary="Site search",
    tags=["pages"],
    operation_id="cityhall_api_api_pages_search",
)
def pages_search(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_LENGTH),
    lang: Language | None = None,
    limit: int = Query(10, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Everything of the language containing every word of ``q`` (Japanese-aware):
    pages and the objects of every other search source."""
    with request_language_active(request, lang) as language:
        terms = search_terms_parse(q)
        entries = search_entries_for_query(terms=terms, language_code=language)

        def shape(entry: SearchEntry) -> dict[str, Any]:
            return {
                "id": entry.public_key,
                "title": entry.title,
                "url": request.build_absolute_uri(entry.url_path),
                "snippet": _plain_snippet(entry.body_text, terms),
                "date": entry.date,
                "type": entry.content_type_label,
            }

        return {
            "query": q,
            **page_window(entries, limit=limit, offset=offset, shape=shape),
        }


def _plain_snippet(text: str, terms: list[str]) -> str:
    """The search snippet as plain text (the HTML one without its marks)."""
    return unescape(strip_tags(highlight(text, terms, limit=SNIPPET_CHARS)))
