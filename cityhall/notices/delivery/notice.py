"""What the delivery engine reads from a notice page (website.NewsPage).

The notice fields (urgency, target districts, channels, easy Japanese, message
type) are added to ``NewsPage`` by the publishing side; they are read with
defaults here so that a plain news page is delivered as a normal notice to the
whole city by mail.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Page

from cityhall.notices.delivery.compose import NoticeContent
from cityhall.notices.models import EASY_JAPANESE
from cityhall.website.search_index import page_body_text

PRIORITY = {"emergency": 0, "important": 1, "normal": 2}
SOCIAL_CHANNELS = ("line", "x", "facebook")


@dataclass(frozen=True)
class NoticeFacts:
    """The delivery-relevant facts of a notice (its source-language page)."""

    page: Page
    urgency: str
    priority: int
    channels: list[str]
    category_keys: list[str]
    district_ids: list[int]
    message_type: str


def source_page(page_id: int) -> Page:
    """The specific page in the default language (the notice's source)."""
    page = Page.objects.get(pk=page_id).specific
    if page.locale.language_code != settings.LANGUAGE_CODE:
        original = (
            Page.objects.filter(
                translation_key=page.translation_key,
                locale__language_code=settings.LANGUAGE_CODE,
            )
            .specific()
            .first()
        )
        if original is not None:
            page = original
    return page


def notice_facts(page: Page) -> NoticeFacts:
    urgency = getattr(page, "urgency", "") or "normal"
    channels = getattr(page, "channels", None)
    if channels is None:
        channels = ["email"]
    categories = getattr(page, "categories", None)
    category_keys = (
        [str(key) for key in categories.values_list("translation_key", flat=True)]
        if categories is not None
        else []
    )
    districts = getattr(page, "target_districts", None)
    district_ids = list(districts.values_list("pk", flat=True)) if districts else []
    return NoticeFacts(
        page=page,
        urgency=urgency,
        priority=PRIORITY.get(urgency, 2),
        channels=[str(code) for code in channels],
        category_keys=category_keys,
        district_ids=district_ids,
        message_type=getattr(page, "message_type", "") or "alert",
    )


def _url(page: Page) -> str:
    return page.get_full_url() or settings.CITYHALL_BASE_URL + (page.url or "/")


def notice_versions(page: Page) -> dict[str, NoticeContent]:
    """The notice's content per subscriber language: the live translations,
    plus easy Japanese when the source has an easy version."""
    urgency = getattr(page, "urgency", "") or "normal"
    message_type = getattr(page, "message_type", "") or "alert"
    versions: dict[str, NoticeContent] = {}
    translations = (
        Page.objects.filter(translation_key=page.translation_key, live=True)
        .select_related("locale")
        .specific()
    )
    for version in translations:
        code = version.locale.language_code
        versions[code] = NoticeContent(
            language=code,
            title=version.title,
            text=page_body_text(version),
            url=_url(version),
            urgency=urgency,
            message_type=message_type,
        )
    if page.locale.language_code not in versions:
        # The source itself is always there (even when unpublished meanwhile).
        versions[page.locale.language_code] = NoticeContent(
            language=page.locale.language_code,
            title=page.title,
            text=page_body_text(page),
            url=_url(page),
            urgency=urgency,
            message_type=message_type,
        )
    easy_text = getattr(page, "easy_text", "") or ""
    if easy_text.strip():
        versions[EASY_JAPANESE] = NoticeContent(
            language=EASY_JAPANESE,
            title=getattr(page, "easy_title", "") or page.title,
            text=easy_text,
            url=_url(page),
            urgency=urgency,
            message_type=message_type,
        )
    return versions


def language_for(subscriber_language: str, available: set[str]) -> str:
    """The subscriber's language if the notice has it, else easy Japanese, else
    Japanese (the source language)."""
    for candidate in (subscriber_language, EASY_JAPANESE):
        if candidate in available:
            return candidate
    return settings.LANGUAGE_CODE
