"""Date filters: ``{{ value|jdate }}`` and ``{{ value|isodate }}``.

Japanese readers expect the era (令和7年11月23日); everyone else gets Django's
localized western date. Wrap the result in ``<time datetime="{{ value|isodate }}">``
so machines (and screen readers that announce dates) get the ISO form.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone, translation
from django.utils.formats import date_format

from cityhall.common.wareki import format_wareki

register = template.Library()


def _as_local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


@register.filter
def jdate(value: dt.date | dt.datetime | None) -> str:
    """The date in the active language: era form in Japanese, localized otherwise."""
    if not isinstance(value, dt.date):
        return ""
    date = _as_local_date(value)
    if (translation.get_language() or "").startswith("ja"):
        return format_wareki(date)
    return date_format(date, "DATE_FORMAT")


@register.filter
def isodate(value: dt.date | dt.datetime | None) -> str:
    """``YYYY-MM-DD`` (in Asia/Tokyo for aware datetimes), for ``<time datetime>``."""
    if not isinstance(value, dt.date):
        return ""
    return _as_local_date(value).isoformat()


@register.filter
def isodatetime(value: dt.datetime | None) -> str:
    """Local time to the second with its offset (``2026-12-03T00:15:46+09:00``),
    for ``<time datetime>``: HTML allows at most three digits of a second."""
    if not isinstance(value, dt.datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
