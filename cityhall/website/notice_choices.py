"""Choices of a notice (a news page with its alert attributes).

Kept apart from ``models`` so the editor form can use them without importing
the page models it is the form of.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeUrgency(models.TextChoices):
    """How urgent a notice is (通常 / 重要 / 緊急); 緊急 switches the banner on."""

    NORMAL = "normal", _("Normal")
    IMPORTANT = "important", _("Important")
    EMERGENCY = "emergency", _("Emergency")


class NoticeChannel(models.TextChoices):
    """Channels a notice goes out on besides the website (always on)."""

    EMAIL = "email", _("E-mail")
    LINE = "line", _("LINE")
    X = "x", _("X")
    FACEBOOK = "facebook", _("Facebook")
    FM = "fm", _("Community FM")


class NoticeMessageType(models.TextChoices):
    """CAP ``msgType``: a new alert, an update of one, or its cancellation."""

    ALERT = "alert", _("Alert")
    UPDATE = "update", _("Update")
    CANCEL = "cancel", _("Cancellation")


class NoticeSeverity(models.TextChoices):
    """CAP ``severity`` of the subject event."""

    EXTREME = "extreme", _("Extreme")
    SEVERE = "severe", _("Severe")
    MODERATE = "moderate", _("Moderate")
    MINOR = "minor", _("Minor")
    UNKNOWN = "unknown", _("Unknown")


class NoticeCertainty(models.TextChoices):
    """CAP ``certainty`` of the subject event."""

    OBSERVED = "observed", _("Observed")
    LIKELY = "likely", _("Likely")
    POSSIBLE = "possible", _("Possible")
    UNLIKELY = "unlikely", _("Unlikely")
    UNKNOWN = "unknown", _("Unknown")


#: Slug of the news category whose notices announce events (イベント); the
#: open-data events dataset is built from them (docs/notices.md, docs/opendata.md).
EVENT_CATEGORY_SLUG = "event"
