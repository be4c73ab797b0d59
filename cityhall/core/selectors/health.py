"""What /healthz reports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from cityhall.core.models import WorkerHeartbeat


def health_report() -> tuple[bool, dict[str, Any]]:
    """Return (healthy, report): healthy when the database answers.

    The worker's last heartbeat is reported, and marked stale after three missed
    beats, but does not make the web process unhealthy: a load balancer should
    not take web servers out because the worker is down.

    The endpoint is public, so the report names no worker (id, host or process):
    those tell an outsider how the deployment is laid out. Operators find them
    in the ``core_workerheartbeat`` table and the worker's log.
    """
    report: dict[str, Any] = {"status": "ok", "database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        heartbeat = WorkerHeartbeat.objects.order_by("-last_seen_at").first()
    except DatabaseError:
        return False, {"status": "error", "database": "unavailable", "worker": None}
    if heartbeat is None:
        report["worker"] = {"status": "never_seen", "last_heartbeat": None}
    else:
        age = (timezone.now() - heartbeat.last_seen_at).total_seconds()
        stale = age > 3 * settings.WORKER_HEARTBEAT_SECONDS
        report["worker"] = {
            "status": "stale" if stale else "ok",
            "last_heartbeat": heartbeat.last_seen_at.isoformat(),
            "seconds_ago": round(age, 1),
        }
    return True, report
