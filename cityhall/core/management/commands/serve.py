"""Serve the platform: gunicorn for the web and one background task worker.

This is what ``make run`` ends with. Both run as child processes; when either
stops, or on Ctrl+C / SIGTERM, the other is stopped too.

gunicorn is told to trust no forwarded header as WSGI variables
(``--forwarder-headers`` empty): by default it takes ``SCRIPT_NAME`` and
``PATH_INFO`` from request headers sent from 127.0.0.1, i.e. from any client of a
local reverse proxy that passes them on. The application wrapper in
``config.wsgi`` ignores a prefix as well; this keeps gunicorn from cutting one off
the path in the first place.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from cityhall.core.selectors import demo_logins_for_display
from cityhall.core.services.site_address import default_site_address_set
from config import env


def gunicorn_command(*, host: str, port: int, workers: int, threads: int) -> list[str]:
    """The gunicorn command line of the web server (also used by the tests)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        # No request header may set SCRIPT_NAME or PATH_INFO.
        "--forwarder-headers",
        "",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "20",
    ]


def child_environment() -> dict[str, str]:
    """The web server's and worker's environment: ours, minus a script prefix
    (gunicorn would take ``SCRIPT_NAME`` from it)."""
    child_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    child_env.pop("SCRIPT_NAME", None)
    return child_env


def serve_base_url(port: int) -> str:
    """``CITYHALL_BASE_URL`` when it is set; otherwise the embedded server on
    ``port``, so that links in mails follow ``serve --port`` as well as PORT."""
    if env.BASE_URL_IS_SET:
        return settings.CITYHALL_BASE_URL
    return env.default_base_url(port)


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
        base_url = serve_base_url(options["port"])
        child_env = {**child_environment(), "CITYHALL_BASE_URL": base_url}
        # Wagtail's moderation mails take their links from the site's address.
        try:
            default_site_address_set(base_url=base_url)
        except DatabaseError as error:
            self.stderr.write(f"site address not set (run migrate first): {error}")
        processes: list[subprocess.Popen] = []
        if not options["no_worker"]:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "run_worker"],
                    env=child_env,
                    cwd=settings.BASE_DIR,
                )
            )
        gunicorn = gunicorn_command(
            host=options["host"],
            port=options["port"],
            workers=options["web_workers"],
            threads=options["threads"],
        )
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
