"""Background tasks of the payments app (thin: each calls one service)."""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from cityhall.payments.services.card import card_payments_settle
from cityhall.payments.services.payments import payment_attempts_expire

logger = logging.getLogger(__name__)

#: An attempt nobody took to a provider within a day is abandoned.
ABANDONED_AFTER = dt.timedelta(days=1)


@task()
def payment_attempts_expire_daily() -> int:
    """Daily: expire attempts abandoned before reaching a provider, so the
    invoice's one-live-attempt slot is free again. Safe to run twice."""
    count = payment_attempts_expire(older_than=ABANDONED_AFTER)
    logger.info("payment_attempts_expire_daily: expired %d attempts", count)
    return count


#: A card attempt neither paid nor failed after this long is settled with its provider.
CARD_SETTLE_AFTER = dt.timedelta(hours=2)


@task()
def card_payments_settle_hourly() -> int:
    """Hourly: reconcile card attempts whose provider never reported an end,
    and close and expire those still waiting for a card. Safe to run twice."""
    count = card_payments_settle(older_than=CARD_SETTLE_AFTER)
    logger.info("card_payments_settle_hourly: %d attempts ended", count)
    return count
