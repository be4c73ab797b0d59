"""``manage.py run_delivery``: a dedicated sending loop for notice mail.

Run any number of these processes on any number of machines; batches are
claimed with a lease, so they never send the same batch at once, and a killed
process's batches are resumed by the others when its lease runs out.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand

from cityhall.notices.delivery.engine import run_forever


class Command(BaseCommand):
    help = "Send queued notice deliveries until stopped (SIGTERM/SIGINT)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--threads", type=int, default=4, help="concurrent SMTP sessions"
        )
        parser.add_argument("--poll", type=float, default=0.2, help="idle poll, s")
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="exit once no batch is left unfinished",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        run_forever(
            threads=options["threads"],
            poll_seconds=options["poll"],
            stop_when_idle=options["until_idle"],
            stop=stop,
        )
