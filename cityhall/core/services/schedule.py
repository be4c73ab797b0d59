"""Daily jobs without a separate scheduler: workers enqueue them."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def daily_tasks_enqueue(*, today: dt.date | None = None) -> list[str]:
    """Enqueue each of ``cityhall.core.tasks.DAILY_TASKS`` once for ``today``.

    Every worker calls this with its heartbeat; ``cache.add`` on the shared cache
    (database table or Redis) is atomic, so only the first caller of the day
    enqueues. The tasks are idempotent, so a rare second run (cache lost) is
    harmless. Returns the names of the tasks enqueued by this call.
    """
    from cityhall.core.tasks import DAILY_TASKS

    today = today or timezone.localdate()
    enqueued = []
    for daily_task in DAILY_TASKS:
        name = daily_task.name
        if cache.add(f"daily-task:{name}:{today.isoformat()}", 1, timeout=3 * 86400):
            transaction.on_commit(daily_task.enqueue)
            enqueued.append(name)
            logger.info("daily task %s enqueued for %s", name, today)
    return enqueued
