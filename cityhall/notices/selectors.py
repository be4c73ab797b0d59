"""Reads of the notices app that views and the console need."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count

from cityhall.core.models import District, User
from cityhall.core.selectors.organisation import municipality_current
from cityhall.notices.models import (
    EASY_JAPANESE,
    Delivery,
    NoticeDispatch,
    Subscriber,
)
from cityhall.website.models import NewsCategory


def subscriber_language_codes() -> list[str]:
    """Languages a subscriber may choose: the site's, with easy Japanese second."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [codes[0], EASY_JAPANESE, *codes[1:]]


def category_choices(language: str) -> list[tuple[str, str]]:
    """(translation key, name in ``language`` or else Japanese) of every category."""
    names: dict[str, str] = {}
    for key, code, name in NewsCategory.objects.values_list(
        "translation_key", "locale__language_code", "name"
    ).order_by("name"):
        if code == language or (
            code == settings.LANGUAGE_CODE and str(key) not in names
        ):
            names[str(key)] = name
    return sorted(names.items(), key=lambda item: item[1])


def district_choices(language: str) -> list[tuple[int, str]]:
    """(id, name) of the municipality's districts."""
    municipality = municipality_current()
    if municipality is None:
        return []
    return [
        (district.pk, district.display_name(language))
        for district in District.objects.filter(municipality=municipality).order_by(
            "sort_order", "code"
        )
    ]


def subscription_for_user(user: User) -> Subscriber | None:
    """The signed-in resident's own subscription (one query)."""
    return Subscriber.objects.filter(user=user).first()


def dispatch_progress(*, page_id: int) -> dict[str, object] | None:
    """Counts per channel and status of a notice's delivery (one query after
    the dispatch look-up), with the share finished per channel."""
    dispatch = NoticeDispatch.objects.filter(page_id=page_id).first()
    if dispatch is None:
        return None
    rows = (
        Delivery.objects.filter(dispatch=dispatch)
        .values_list("channel", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    channels: dict[str, dict[str, int]] = {}
    for channel, status, number in rows:
        counts = channels.setdefault(
            channel, {value: 0 for value in Delivery.Status.values}
        )
        counts[status] = number
    finished = {
        Delivery.Status.DELIVERED,
        Delivery.Status.FAILED,
        Delivery.Status.SUPPRESSED,
    }
    result = []
    for channel, counts in sorted(channels.items()):
        total = sum(counts.values())
        done = sum(counts[status] for status in finished)
        result.append(
            {
                "channel": channel,
                "counts": counts,
                "total": total,
                "done": done,
                "percent": round(100 * done / total) if total else 100,
            }
        )
    return {
        "page_id": page_id,
        "started_at": dispatch.created_at.isoformat(),
        "channels": result,
    }
