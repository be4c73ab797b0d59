"""Run the background task worker and record a heartbeat for /healthz."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from cityhall.core.services.schedule import periodic_tasks_enqueue
from cityhall.core.services.worker import worker_heartbeat_record

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the django-tasks database worker with a liveness heartbeat."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, **options):
        worker_id = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        stop = threading.Event()

        def beat() -> None:
            while not stop.is_set():
                try:
                    worker_heartbeat_record(worker_id=worker_id)
                    periodic_tasks_enqueue()
                except Exception:
                    # A failed beat must not kill the thread; the next one retries.
                    logger.exception("heartbeat failed")
                finally:
                    # This thread owns its own connection; don't keep it open.
                    close_old_connections()
                    connection.close()
                stop.wait(settings.WORKER_HEARTBEAT_SECONDS)

        thread = threading.Thread(target=beat, name="heartbeat", daemon=True)
        thread.start()
        try:
            call_command(
                "db_worker",
                queue_name=options["queue_name"],
                interval=options["interval"],
                worker_id=worker_id,
            )
        finally:
            stop.set()
