"""Cache invalidation only (CONVENTIONS: signals are for caches): anything that
changes what a public page shows bumps the page-cache content generation."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cityhall.common.furigana.dictionary import reading_dictionary_changed
from cityhall.core.models import Department, Municipality
from cityhall.website.models import EmergencyBanner, NewsCategory
from cityhall.website.page_cache import content_generation_bump

DISPATCH_PREFIX = "website-page-cache"


def _bump(**kwargs) -> None:
    content_generation_bump()


def _banner_saved(instance: EmergencyBanner, created: bool, **kwargs) -> None:
    # Reading the setting for the first time creates an inactive row while a
    # page renders; that changes nothing visible, and bumping there would empty
    # the cache on the first visit after every deployment.
    if created and not instance.is_active:
        return
    content_generation_bump()


def connect() -> None:
    """Connect the receivers (called once from ``WebsiteConfig.ready``)."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_bump, dispatch_uid=f"{DISPATCH_PREFIX}-{id(signal)}")
    # Deleting a page of any type also deletes its wagtailcore Page row, which
    # sends post_delete with sender=Page.
    post_delete.connect(_bump, sender=Page, dispatch_uid=f"{DISPATCH_PREFIX}-delete")
    post_save.connect(
        _banner_saved, sender=EmergencyBanner, dispatch_uid=f"{DISPATCH_PREFIX}-banner"
    )
    post_delete.connect(
        _bump, sender=EmergencyBanner, dispatch_uid=f"{DISPATCH_PREFIX}-banner-delete"
    )
    # Pages shown with furigana use the reading dictionary.
    reading_dictionary_changed.connect(
        _bump, dispatch_uid=f"{DISPATCH_PREFIX}-reading-dictionary"
    )
    for model in (
        NewsCategory,
        Department,
        Municipality,
        Site,
        Locale,
        # A page made private must leave the anonymous cache at once, and the
        # public-page filters remember the restrictions per generation.
        PageViewRestriction,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                _bump,
                sender=model,
                dispatch_uid=f"{DISPATCH_PREFIX}-{id(signal)}-{model.__name__}",
            )
