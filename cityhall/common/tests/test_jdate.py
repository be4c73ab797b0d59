"""Template date filters: Japanese era in Japanese, localized dates otherwise."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template("{% load jdate %}{{ value|jdate }}|{{ value|isodate }}")


def render(value) -> str:
    return TEMPLATE.render(Context({"value": value}))


def test_japanese_uses_the_era():
    """In Japanese a date reads 令和7年11月23日."""
    with translation.override("ja"):
        assert render(dt.date(2025, 11, 23)) == "令和7年11月23日|2025-11-23"


def test_english_uses_a_western_date():
    """In English the date is Django's localized western form."""
    with translation.override("en"):
        text, iso = render(dt.date(2025, 11, 23)).split("|")
    assert "2025" in text and "令和" not in text
    assert iso == "2025-11-23"


def test_aware_datetime_is_shown_on_the_tokyo_date():
    """15:30 UTC on the 22nd is already the 23rd in Asia/Tokyo."""
    value = dt.datetime(2025, 11, 22, 15, 30, tzinfo=dt.UTC)
    with translation.override("ja"):
        assert render(value) == "令和7年11月23日|2025-11-23"


def test_missing_value_renders_empty():
    """None renders as an empty string, not 'None'."""
    assert render(None) == "|"


def test_isodatetime_is_local_time_to_the_second():
    """<time datetime> gets Tokyo time with its offset and whole seconds (HTML
    allows at most three digits of a second)."""
    moment = dt.datetime(2026, 12, 2, 15, 15, 46, 665585, tzinfo=dt.UTC)
    html = Template("{% load jdate %}{{ value|isodatetime }}").render(
        Context({"value": moment})
    )
    assert html == "2026-12-03T00:15:46+09:00"
