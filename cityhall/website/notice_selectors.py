"""Reads about notices (news pages as alerts): which are current, which is the
latest word on an alert, and a notice's language versions.

A *notice* is identified by its ``translation_key``: the Japanese original and
its language versions share it. Whether a notice is current is decided on the
original (the default-language page): live, public, not a cancellation, within
its validity (``expires_at``), and not superseded by a live update or
cancellation that refers to it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from cityhall.website.models import MachineTranslation, NewsPage
from cityhall.website.notice_choices import (
    EVENT_CATEGORY_SLUG,
    NoticeMessageType,
    NoticeUrgency,
)
from cityhall.website.page_cache import generation_memo
from cityhall.website.selectors import (
    page_content_language,
    public_pages,
    responsible_departments_memoise,
)

#: Urgencies that make a notice an alert (listed in the CAP index).
ALERT_URGENCIES = (NoticeUrgency.IMPORTANT, NoticeUrgency.EMERGENCY)


def _source_locale_filter() -> Q:
    return Q(locale__language_code=settings.LANGUAGE_CODE)


def notices_current(*, now: dt.datetime | None = None) -> QuerySet[NewsPage]:
    """Current notices (original language versions), newest first.

    An update is current in place of the notice it updates; a cancellation is
    never current and ends the notice it cancels.
    """
    now = now or timezone.now()
    superseded = NewsPage.objects.live().filter(references_id=OuterRef("pk"))
    return (
        NewsPage.objects.live()
        .public()
        .filter(_source_locale_filter())
        .exclude(message_type=NoticeMessageType.CANCEL)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .exclude(Exists(superseded))
        .select_related("locale")
        .order_by("-first_published_at", "-pk")
    )


def emergencies_current(*, now: dt.datetime | None = None) -> QuerySet[NewsPage]:
    """Current notices of urgency 緊急 (what the banner shows)."""
    return notices_current(now=now).filter(urgency=NoticeUrgency.EMERGENCY)


def event_notice_list_current(*, now: dt.datetime | None = None) -> list[NewsPage]:
    """Current notices of the event category (イベント), oldest date first.

    What the open-data events dataset lists: current as :func:`notices_current`
    decides (live, public, original language, within validity, not cancelled
    or superseded) and in the category ``EVENT_CATEGORY_SLUG``. Each page comes
    with ``title_en`` (the title of its live English version, or None) and its
    responsible division memoised (``responsible_department()``): at most four
    queries whatever the number of notices.
    """
    in_event_category = NewsPage.objects.filter(
        categories__slug=EVENT_CATEGORY_SLUG
    ).values("pk")
    english_title = (
        NewsPage.objects.live()
        .filter(
            translation_key=OuterRef("translation_key"),
            locale__language_code="en",
            alias_of__isnull=True,
        )
        .values("title")[:1]
    )
    pages = list(
        notices_current(now=now)
        .filter(pk__in=in_event_category)
        .annotate(title_en=Subquery(english_title))
        .order_by("date", "pk")
    )
    responsible_departments_memoise(pages)
    return pages


def notice_alerts_for_feed(*, now: dt.datetime | None = None) -> list[NewsPage]:
    """What the CAP index lists: every current alert or update of urgency 重要
    or 緊急, plus the live cancellations of such alerts from the last day (so
    receivers hear that an alert ended).

    Districts and the referenced notice are loaded with them.
    """
    now = now or timezone.now()
    current = list(
        notices_current(now=now)
        .filter(urgency__in=ALERT_URGENCIES)
        .prefetch_related("target_districts", "categories")
    )
    cancellations = list(
        NewsPage.objects.live()
        .public()
        .filter(_source_locale_filter())
        .filter(
            message_type=NoticeMessageType.CANCEL,
            urgency__in=ALERT_URGENCIES,
            last_published_at__gte=now - dt.timedelta(days=1),
        )
        .select_related("locale")
        .prefetch_related("target_districts", "categories")
    )
    found = current + cancellations
    found.sort(key=lambda page: page.last_published_at or now, reverse=True)
    return found


def notice_versions(translation_key: uuid.UUID) -> list[NewsPage]:
    """Every live, public language version of one notice (original first)."""
    versions = list(
        NewsPage.objects.live()
        .public()
        # Aliases are untranslated copies, not language versions.
        .filter(translation_key=translation_key, alias_of__isnull=True)
        .select_related("locale", "references")
        .prefetch_related("target_districts", "categories")
    )
    versions.sort(key=lambda page: page.locale.language_code != settings.LANGUAGE_CODE)
    return versions


def notice_original(translation_key: uuid.UUID) -> NewsPage | None:
    """The live, public original (default-language version) of a notice."""
    return (
        NewsPage.objects.live()
        .public()
        .filter(_source_locale_filter(), translation_key=translation_key)
        .select_related("locale", "references")
        .prefetch_related("target_districts", "categories")
        .first()
    )


def notice_localized(page: NewsPage, language_code: str) -> NewsPage:
    """The live version of ``page`` in ``language_code``, else ``page``."""
    if page.locale.language_code == language_code:
        return page
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return page
    return (
        NewsPage.objects.live()
        .filter(translation_key=page.translation_key, locale=locale)
        .first()
        or page
    )


def _reverse_or_none(name: str, **kwargs) -> str | None:
    # The notices app routes these; the website does not import it (layers).
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _notice_facts(page: NewsPage) -> dict[str, Any]:
    categories = list(page.categories.all())
    districts = list(page.target_districts.all())
    # The original, the latest live follow-up's id and the machine-translation
    # state in one query.
    latest_follow_up = (
        public_pages(NewsPage.objects.live())
        .filter(references_id=OuterRef("pk"))
        .order_by("-first_published_at", "-pk")
        .values("pk")[:1]
    )
    unreviewed = MachineTranslation.objects.filter(
        page_id=OuterRef("pk"), reviewed_at__isnull=True
    )
    row = (
        NewsPage.objects.filter(pk=page.pk)
        .select_related("references")
        .annotate(
            follow_up_id=Subquery(latest_follow_up),
            machine_translated=Exists(unreviewed),
        )
        .first()
    )
    original = row.references if row else None
    machine = bool(row and row.machine_translated)
    follow_up = (
        NewsPage.objects.filter(pk=row.follow_up_id).first()
        if row and row.follow_up_id
        else None
    )
    is_alert = page.urgency in ALERT_URGENCIES
    return {
        "categories": categories,
        "category_feeds": [
            (
                category,
                _reverse_or_none("news_category_feed_atom", slug=category.slug),
            )
            for category in categories
        ],
        # In the language of the page's text (an untranslated page is Japanese).
        "notice_districts": [
            d.display_name(page_content_language(page)) for d in districts
        ],
        "notice_original": original,
        "notice_follow_up": follow_up,
        "machine_translated": machine,
        "read_aloud_url": _reverse_or_none(
            "notices:read_aloud", key=page.translation_key
        ),
        "cap_url": (
            _reverse_or_none("notices_cap_document", key=page.translation_key)
            if is_alert
            else None
        ),
    }


def news_notice_context(page: NewsPage, request: HttpRequest) -> dict[str, Any]:
    """What a news page shows about itself as a notice: categories (with their
    feeds), districts, validity, the notice it follows up and the latest
    follow-up of it, the machine-translation label, read-aloud and CAP links.

    Everything but the validity only changes when something is published or
    reviewed (a new content generation), so it is remembered per generation
    for the published page; previews of drafts are always built afresh. The
    cost of a cold build is fixed whatever the data (exact counts are tested).
    The page's end of validity limits how long the page cache keeps it
    (``NewsPage.serve``), so "no longer in effect" appears on time.
    """
    if getattr(request, "is_preview", False):
        facts = _notice_facts(page)
    else:
        language = translation.get_language() or settings.LANGUAGE_CODE
        facts = generation_memo(
            f"website:notice-facts:{page.pk}:{language}",
            lambda: _notice_facts(page),
        )
    now = timezone.now()
    return {
        **facts,
        "notice_expired": bool(page.expires_at and page.expires_at <= now),
    }
