"""Published datasets as a source of the site search (docs/adr/0003).

Each published dataset has one search entry per content language, linking to
its portal page in that language (``/opendata/dataset/<name>/``,
``/en/opendata/dataset/<name>/`` …) and labelled with the model's verbose name
("dataset"). A language with a translated title gets the dataset's text in that
language (title, description, 担当課 and theme names where translated); other
languages get the Japanese text, marked as such (``text_language_code``), as
untranslated pages are. A draft dataset has no entries.

The catalogue's services call :func:`dataset_search_entries_refresh` whenever a
dataset's metadata, resources or state change; ``manage.py
rebuild_search_index`` calls :func:`datasets_search_index_all`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from cityhall.common.search.indexing import (
    SearchDocument,
    search_entries_remove,
    search_entries_replace,
)
from cityhall.common.search.sources import SearchSource
from cityhall.opendata.models import Dataset, DatasetState
from cityhall.opendata.selectors import dataset_list_public

logger = logging.getLogger(__name__)


def _translated_text(dataset: Dataset, language: str) -> tuple[str, str]:
    """(title, body) of ``dataset`` written in ``language``: only what exists in
    that language, so the result is not labelled with the wrong language."""
    title = dataset.title_translations.get(language, "")
    parts = [dataset.notes_translations.get(language, "")]
    if dataset.organisation is not None:
        parts.append(dataset.organisation.name_translations.get(language, ""))
    parts += [
        group.name_translations.get(language, "") for group in dataset.groups.all()
    ]
    parts += [
        resource.name_translations.get(language, "")
        for resource in dataset.resources.all()
    ]
    return title, "\n".join(part for part in parts if part)


def _japanese_text(dataset: Dataset) -> tuple[str, str]:
    """(title, body) in Japanese: description, tags, 担当課, themes, resources."""
    parts = [dataset.notes]
    parts += [tag.name for tag in dataset.tags.all()]
    if dataset.organisation is not None:
        parts.append(dataset.organisation.name)
    parts += [group.name for group in dataset.groups.all()]
    parts += [resource.name for resource in dataset.resources.all()]
    return dataset.title, "\n".join(part for part in parts if part)


def dataset_search_documents(dataset: Dataset) -> list[SearchDocument]:
    """The search documents of a published dataset, one per content language
    (none for a draft). ``dataset`` should come with its organisation, tags,
    groups and resources loaded (:func:`dataset_list_public`)."""
    if dataset.state != DatasetState.PUBLISHED:
        return []
    japanese_title, japanese_body = _japanese_text(dataset)
    date = timezone.localdate(dataset.published_at) if dataset.published_at else None
    documents = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            url = reverse("opendata:dataset", kwargs={"name": dataset.name})
        title, body = (
            (japanese_title, japanese_body)
            if language == settings.LANGUAGE_CODE
            else _translated_text(dataset, language)
        )
        text_language = ""
        if not title:
            title, body = japanese_title, japanese_body
            text_language = settings.LANGUAGE_CODE
        documents.append(
            SearchDocument(
                language_code=language,
                text_language_code=text_language,
                url_path=url,
                title=title,
                body=body,
                public_key=dataset.public_id,
                kind=Dataset._meta.label_lower,
                date=date,
            )
        )
    return documents


def dataset_search_entries_refresh(*, dataset: Dataset) -> int:
    """Make the search entries of ``dataset`` match its current state: one per
    language when published, none otherwise. Returns the number of entries."""
    found = dataset_list_public().filter(pk=dataset.pk).first()
    if found is None:
        search_entries_remove(model=Dataset, object_ids=[dataset.pk])
        return 0
    return len(
        search_entries_replace(obj=found, documents=dataset_search_documents(found))
    )


def dataset_deleted(sender: Any, instance: Dataset, **kwargs: Any) -> None:
    """``post_delete`` receiver: entries point at datasets by content type and
    id, so no foreign key removes them."""
    search_entries_remove(model=Dataset, object_ids=[instance.pk])


def datasets_search_index_all() -> int:
    """Index every published dataset (the source's rebuild); returns the count."""
    count = 0
    for dataset in dataset_list_public().order_by("pk"):
        search_entries_replace(obj=dataset, documents=dataset_search_documents(dataset))
        count += 1
    logger.info("search index: %d datasets indexed", count)
    return count


DATASETS_SOURCE = SearchSource(name="datasets", rebuild=datasets_search_index_all)
