"""Worker liveness."""

from __future__ import annotations

import os
import socket

from django.utils import timezone

from cityhall.core.models import WorkerHeartbeat


def worker_heartbeat_record(*, worker_id: str) -> WorkerHeartbeat:
    """Record that the worker ``worker_id`` is alive now."""
    now = timezone.now()
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "last_seen_at": now,
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
        },
        create_defaults={
            "last_seen_at": now,
            "started_at": now,
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
        },
    )
    return heartbeat
