"""Periodic jobs without a separate scheduler: workers enqueue them.

Core does not know the apps above it, so each app registers its periodic tasks
here from its ``AppConfig.ready()`` (like the registries in
``core.residents.extensions``): ``periodic_task_register(task, every="daily")``.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Literal

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

Period = Literal["hourly", "daily"]

_registry: dict[str, tuple[Period, Any]] = {}


def periodic_task_register(task: Any, *, every: Period) -> None:
    """Have the workers enqueue ``task`` (a django-tasks task taking no
    arguments, safe to run twice) once per hour or once per day."""
    if every not in ("hourly", "daily"):
        raise ValueError(f"unknown period {every!r}")
    _registry[task.name] = (every, task)


def periodic_tasks() -> dict[str, Period]:
    """Name → period of every registered periodic task."""
    return {name: every for name, (every, _task) in sorted(_registry.items())}


def _period_key(every: Period, now: dt.datetime) -> str:
    local = timezone.localtime(now)
    if every == "hourly":
        return local.strftime("%Y-%m-%dT%H")
    return local.date().isoformat()


def periodic_tasks_enqueue(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue each registered task once per period (Asia/Tokyo hour or day).

    Every worker calls this with its heartbeat; ``cache.add`` on the shared cache
    (database table or Redis) is atomic, so only the first caller of a period
    enqueues. The tasks are idempotent, so a rare second run (cache lost) is
    harmless. Returns the names of the tasks enqueued by this call.
    """
    now = now or timezone.now()
    enqueued = []
    for name, (every, periodic_task) in sorted(_registry.items()):
        key = f"periodic-task:{name}:{_period_key(every, now)}"
        if cache.add(key, 1, timeout=3 * 86400):
            transaction.on_commit(periodic_task.enqueue)
            enqueued.append(name)
            logger.info("%s task %s enqueued", every, name)
    return enqueued
