"""Background task of notice publishing: scheduled publication as a safety net.

Wagtail publishes pages whose ``go_live_at`` has come (and unpublishes those
whose ``expire_at`` has passed) when ``manage.py publish_scheduled`` runs; in
production that runs every minute from cron or a systemd timer
(docs/notices.md). The workers also run it hourly, so a site without that
timer still publishes scheduled notices, late by up to an hour.
"""

from __future__ import annotations

import logging

from django.core.management import call_command
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def notices_publish_scheduled_hourly() -> None:
    """Publish the pages whose scheduled time has come (safe to run twice:
    Wagtail only publishes revisions still waiting)."""
    call_command("publish_scheduled")
    logger.info("scheduled pages published")
