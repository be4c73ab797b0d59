"""Background tasks of the payments app (thin: each calls one service)."""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

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
