"""The resident's private calendar feed: create or regenerate its secret
token, and revoke it."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from cityhall.reservations.models import CalendarFeed
from cityhall.reservations.models.calendar import feed_token_make

logger = logging.getLogger(__name__)


def calendar_feed_regenerate(*, resident: Any) -> CalendarFeed:
    """Give ``resident`` a feed with a fresh secret token; any previous feed
    URL stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            resident=resident
        )
        if not created:
            feed.token = feed_token_make()
            feed.save(update_fields=["token", "updated_at"])
    logger.info(
        "calendar feed of user %s %s", resident.pk, "made" if created else "renewed"
    )
    return feed


def calendar_feed_revoke(*, resident: Any) -> bool:
    """Delete ``resident``'s feed; its URL then answers 404. True when there
    was one. Safe to call twice."""
    deleted, _rows = CalendarFeed.objects.filter(resident=resident).delete()
    if deleted:
        logger.info("calendar feed of user %s revoked", resident.pk)
    return bool(deleted)
