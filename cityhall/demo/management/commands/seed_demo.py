"""Load the demo data set (Ohtawara City) into an empty installation.

``make run`` calls this every time, so it must be idempotent: when the
municipality already exists it says so and changes nothing. ``--residents N``
adds verified demo residents for load tests (also idempotent).
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityhall.core.demo import demo_residents_ensure
from cityhall.core.models import Municipality, User
from cityhall.demo.seeding import demo_seed_all


class Command(BaseCommand):
    help = "Load the demo municipality, staff, resident and website (once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--residents",
            type=int,
            default=0,
            metavar="N",
            help="Also make sure resident-001@demo.cityhall.jp … resident-N exist "
            "(verified, demo password).",
        )

    def handle(self, *args, **options):
        residents = options["residents"]
        if residents < 0:
            raise CommandError("--residents must be 0 or more")
        if Municipality.objects.exists():
            self.stdout.write("demo data already present")
        else:
            self._seed()
        if residents:
            created = demo_residents_ensure(count=residents)
            self.stdout.write(f"demo residents: {created} created, {residents} wanted")

    def _seed(self) -> None:
        started = time.monotonic()
        # Wagtail logs every page it creates at INFO; `make run` should show the
        # demo logins, not two hundred lines of page creation.
        wagtail_logger = logging.getLogger("wagtail")
        previous_level = wagtail_logger.level
        wagtail_logger.setLevel(max(previous_level, logging.WARNING))
        try:
            municipality = demo_seed_all()
        finally:
            wagtail_logger.setLevel(previous_level)
        accounts = User.objects.filter(email__endswith="@demo.cityhall.jp").count()
        self.stdout.write(
            self.style.SUCCESS(
                f"demo data loaded: {municipality}, {accounts} accounts "
                f"({time.monotonic() - started:.1f} s)"
            )
        )
