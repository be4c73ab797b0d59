"""``manage.py notices_bounces_read [MAILDIR]``: record the DSNs and complaints
in the bounce mailbox (default ``CITYHALL_NOTICES_BOUNCE_MAILDIR``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cityhall.notices.services.bounces import bounce_maildir_process


class Command(BaseCommand):
    help = "Read bounce reports (RFC 3464 DSN, ARF) from a Maildir."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("maildir", nargs="?", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["maildir"] or settings.CITYHALL_NOTICES_BOUNCE_MAILDIR
        if not path:
            raise CommandError("No Maildir given or configured.")
        try:
            count = bounce_maildir_process(path=path)
        except FileNotFoundError as error:
            raise CommandError(f"No Maildir at {path}") from error
        self.stdout.write(f"{count} reports recorded")
