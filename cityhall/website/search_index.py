"""Website pages as a source of the site search index.

One entry per live, routable page (aliases included, in their own locale with
the text of the page they mirror), refreshed when the page is published and
removed when it is unpublished or deleted (:mod:`cityhall.website.search_signals`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cityhall.common.models import SearchEntry
from cityhall.common.search.indexing import (
    SearchDocument,
    search_entries_remove,
    search_entries_replace,
)
from cityhall.common.search.sources import SearchSource

logger = logging.getLogger(__name__)


def page_body_text(page: Page) -> str:
    """The readable text of a page, without markup, for search and plain-text APIs.

    Every StreamField contributes its blocks' searchable content (rich text is
    stripped of tags by Wagtail's blocks); text fields the page model declares as
    ``index.SearchField`` (a lead, a summary) are included before the body.
    """
    specific = page.specific
    parts: list[str] = []
    stream_fields: list[StreamField] = []
    for field in specific._meta.concrete_fields:
        if isinstance(field, StreamField):
            stream_fields.append(field)
    seen: set[str] = {"title"}
    for search_field in getattr(specific, "search_fields", []):
        name = getattr(search_field, "field_name", "")
        if not isinstance(search_field, index.SearchField) or name in seen:
            continue
        seen.add(name)
        if any(field.name == name for field in stream_fields):
            continue  # handled below, once, through the block tree
        value = getattr(specific, name, None)
        if isinstance(value, str) and value.strip():
            parts.append(value.strip())
    for field in stream_fields:
        value = getattr(specific, field.name, None)
        if value is None:
            continue
        parts.extend(
            text.strip()
            for text in field.stream_block.get_searchable_content(value)
            if text and text.strip()
        )
    return "\n".join(parts)


def _page_date(page: Page) -> dt.date | None:
    """The date a reader associates with the page: its own ``date`` field (news)
    or the day it was last published, in the site's time zone."""
    own = getattr(page, "date", None)
    if isinstance(own, dt.date):
        return own
    if page.last_published_at:
        return timezone.localdate(page.last_published_at)
    return None


def search_entry_index_page(*, page: Page) -> SearchEntry | None:
    """Create or refresh the search entry of ``page``.

    A page that is not live, is the tree root, or has no URL on any site gets no
    entry (an existing one is removed) and ``None`` is returned. An alias (an
    untranslated page in another locale) is indexed under its own locale and URL
    with the text of the page it mirrors.
    """
    page = Page.objects.select_related("locale", "alias_of__locale").get(pk=page.pk)
    url = page.get_url() if page.live and not page.is_root() else None
    if not url:
        search_entry_remove_page(page_id=page.pk)
        return None
    specific = page.specific
    source = page.alias_of.specific if page.alias_of_id else specific
    language = page.locale.language_code
    text_language = page.alias_of.locale.language_code if page.alias_of_id else ""
    document = SearchDocument(
        language_code=language,
        text_language_code="" if text_language == language else text_language,
        url_path=url,
        title=source.title,
        body=page_body_text(source),
        public_key=page.translation_key,
        kind=specific._meta.label_lower,
        date=_page_date(specific),
        is_public=not page.get_view_restrictions().exists(),
    )
    (entry,) = search_entries_replace(obj=page, documents=[document])
    return entry


def search_entry_remove_page(*, page_id: int) -> int:
    """Remove the search entry of the page with ``page_id``; returns rows deleted."""
    return search_entries_remove(model=Page, object_ids=[page_id])


def search_entries_index_subtree(*, page: Page) -> int:
    """Refresh the entries of ``page`` and all its descendants.

    Used when something that is inherited changes for a whole branch: a move or
    slug change (every URL below changes) or a view restriction (privacy).
    Returns the number of pages now indexed.
    """
    return _index_pages(Page.objects.descendant_of(page, inclusive=True))


def search_pages_index_all() -> int:
    """Index every live page (the pages source's rebuild); returns the count."""
    return _index_pages(Page.objects.live().filter(depth__gt=1))


def _index_pages(pages: Iterable[Page]) -> int:
    count = 0
    for page in pages:
        if search_entry_index_page(page=page) is not None:
            count += 1
    logger.info("search index: %d pages indexed", count)
    return count


PAGES_SOURCE = SearchSource(name="pages", rebuild=search_pages_index_all)
