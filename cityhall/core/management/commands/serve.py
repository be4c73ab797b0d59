"""Serve the platform: gunicorn for the web and one background task worker.

This is what ``make run`` ends with. Both run as child processes; when either
stops, or on Ctrl+C / SIGTERM, the other is stopped too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from cityhall.core.selectors import demo_logins_for_display
from config import env


class Command(BaseCommand):
    help = "Serve the web application with gunicorn and start the task worker."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=env.PORT)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--web-workers",
            type=int,
            default=env.WEB_CONCURRENCY,
            help="gunicorn worker processes",
        )
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, **options):
        child_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
        processes: list[subprocess.Popen] = []
        if not options["no_worker"]:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "run_worker"],
                    env=child_env,
                    cwd=settings.BASE_DIR,
                )
            )
        gunicorn = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["web_workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "20",
        ]
        processes.append(
            subprocess.Popen(gunicorn, env=child_env, cwd=settings.BASE_DIR)
        )
        self._print_banner(options["host"], options["port"])

        def stop(signum=None, frame=None):
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        finally:
            stop()
            for process in processes:
                try:
                    process.wait(timeout=25)
                except subprocess.TimeoutExpired:
                    process.kill()

    def _print_banner(self, host: str, port: int) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Cityhall: http://{host}:{port}/"))
        self.stdout.write(f"  Staff sign-in: http://{host}:{port}/staff/login/")
        self.stdout.write(f"  Resident sign-in: http://{host}:{port}/accounts/login/")
        for line in demo_logins_for_display():
            self.stdout.write(f"  {line}")
        self.stdout.write("  Press Ctrl+C to stop.")
        self.stdout.write("")
