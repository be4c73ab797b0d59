"""A resident's private calendar feed (iCalendar subscription URL)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import TimeStampedModel


def feed_token_make() -> str:
    """A fresh unguessable feed token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class CalendarFeed(TimeStampedModel):
    """The secret token of one resident's feed; regenerating it replaces the
    token (the old URL then answers 404), revoking deletes the row."""

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=feed_token_make)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["id"]
