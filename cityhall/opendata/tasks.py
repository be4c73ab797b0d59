"""Background tasks of the open-data app (thin: each calls one service)."""

from __future__ import annotations

import logging

from django_tasks import task

from cityhall.opendata.services.generators import generated_datasets_refresh

logger = logging.getLogger(__name__)


@task()
def generated_datasets_refresh_hourly() -> int:
    """Hourly: rebuild the platform-generated datasets whose data changed.
    Safe to run twice (unchanged data makes no new version)."""
    results = generated_datasets_refresh()
    changed = sum(1 for r in results if r["changed"])
    logger.info(
        "generated_datasets_refresh_hourly: %d generators, %d changed",
        len(results),
        changed,
    )
    return changed
