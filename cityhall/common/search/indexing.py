"""Writes to the site search index (services).

The index (:class:`cityhall.common.models.SearchEntry`) is derived data, like a
cache: one row per searchable object and language, written by the app that owns
the object (its registered source, :mod:`cityhall.common.search.sources`) when
the object changes. See docs/adr/0003-japanese-search-index.md for why we keep
our own index.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from cityhall.common.models import SearchEntry
from cityhall.common.normalize import fold_for_search
from cityhall.common.search.sources import search_sources

logger = logging.getLogger(__name__)

# Longer bodies are cut: snippets and matching need the text near the top, and a
# pasted 1 MB table should not make every search slower.
MAX_BODY_CHARS = 50_000


@dataclass(frozen=True)
class SearchDocument:
    """What an object shows the search in one language.

    ``url_path`` is where a result links to; ``public_key`` is the object's
    identifier for API clients (a page's translation key, a ``public_id``);
    ``kind`` is the ``app_label.modelname`` whose verbose name labels the
    result; ``text_language_code`` is the language of ``title`` and ``body``
    when it is not ``language_code`` (an untranslated page).
    """

    language_code: str
    url_path: str
    title: str
    body: str
    public_key: uuid.UUID
    kind: str
    date: dt.date | None = None
    is_public: bool = True
    text_language_code: str = ""


def search_entries_replace(
    *, obj: models.Model, documents: Iterable[SearchDocument]
) -> list[SearchEntry]:
    """Make ``documents`` the search entries of ``obj`` (one per language).

    Entries of ``obj`` in languages not among ``documents`` are removed, so an
    empty ``documents`` takes the object out of the search.
    """
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    by_language = {document.language_code: document for document in documents}
    with transaction.atomic():
        SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).exclude(
            language_code__in=by_language
        ).delete()
        entries = []
        for language_code, document in by_language.items():
            title = document.title[:255]
            body = document.body[:MAX_BODY_CHARS]
            entry, _created = SearchEntry.objects.update_or_create(
                content_type=content_type,
                object_id=obj.pk,
                language_code=language_code,
                defaults={
                    "public_key": document.public_key,
                    "text_language_code": document.text_language_code,
                    "url_path": document.url_path,
                    "title": title,
                    "title_folded": fold_for_search(title),
                    "body_text": body,
                    "body_folded": fold_for_search(body),
                    "content_type_label": document.kind,
                    "date": document.date,
                    "is_public": document.is_public,
                },
            )
            entries.append(entry)
    return entries


def search_entries_remove(
    *, model: type[models.Model], object_ids: Iterable[int]
) -> int:
    """Remove the entries of ``model``'s objects ``object_ids``; returns rows deleted.

    Takes ids, not objects, so that it can run after the objects are deleted.
    """
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    with transaction.atomic():
        deleted, _per_model = SearchEntry.objects.filter(
            content_type=content_type, object_id__in=list(object_ids)
        ).delete()
    return deleted


def search_index_rebuild() -> int:
    """Empty the index and let every registered source index its objects again.

    Returns the number of objects indexed.
    """
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        count = 0
        for source in search_sources():
            indexed = source.rebuild()
            logger.info("search index: %d %s indexed", indexed, source.name)
            count += indexed
    return count
