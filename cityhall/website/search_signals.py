"""Keep the search index in step with Wagtail pages.

An exception to "no domain signals" (CONVENTIONS.md): the index is derived data,
like a cache, and must follow every way Wagtail changes a page (publish from the
editor, scheduled publishing, alias updates, moves, view restrictions). These
receivers only call the indexing services; see docs/adr/0003.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import (
    copy_for_translation_done,
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from cityhall.website.search_index import (
    search_entries_index_subtree,
    search_entry_index_page,
    search_entry_remove_page,
)


def _on_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    search_entry_index_page(page=instance)


def _on_unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    search_entry_remove_page(page_id=instance.pk)


def _on_subtree_changed(sender: Any, instance: Page, **kwargs: Any) -> None:
    search_entries_index_subtree(page=instance)


def _on_translation_copied(sender: Any, target_obj: Any, **kwargs: Any) -> None:
    # Aliases created for untranslated pages are published without page_published.
    if isinstance(target_obj, Page) and target_obj.live:
        search_entry_index_page(page=target_obj)


def _on_page_deleted(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Entries point at pages by content type and id, so no foreign key cascades.
    search_entry_remove_page(page_id=instance.pk)


def _on_restriction_changed(
    sender: Any, instance: PageViewRestriction, **kwargs: Any
) -> None:
    page_id = instance.page_id

    def reindex() -> None:
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            search_entries_index_subtree(page=page)

    # After commit: a restriction is also deleted when its page is, and indexing
    # the page in the middle of that deletion would re-create its entry.
    transaction.on_commit(reindex)


def connect() -> None:
    """Connect the receivers; called once from the app config's ``ready()``.

    Deleting any page deletes its ``wagtailcore.Page`` row, so one receiver on
    that model (not on every model's deletes) sees them all."""
    uid = "cityhall-search-"
    page_published.connect(_on_published, dispatch_uid=uid + "published")
    page_unpublished.connect(_on_unpublished, dispatch_uid=uid + "unpublished")
    post_page_move.connect(_on_subtree_changed, dispatch_uid=uid + "moved")
    page_slug_changed.connect(_on_subtree_changed, dispatch_uid=uid + "slug")
    copy_for_translation_done.connect(
        _on_translation_copied, dispatch_uid=uid + "translated"
    )
    post_delete.connect(_on_page_deleted, sender=Page, dispatch_uid=uid + "deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=uid + "restriction-" + str(id(signal)),
        )
