"""Load the demo data set (Ohtawara City) into an empty installation.

``make run`` calls this every time, so it must be idempotent: when the
municipality already exists it says so and changes nothing.
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from cityhall.core.demo.accounts import demo_accounts_create
from cityhall.core.demo.organisation import organisation_create
from cityhall.core.demo.pages import website_create
from cityhall.core.models import Municipality
from cityhall.website.services import website_moderation_ensure


class Command(BaseCommand):
    help = "Load the demo municipality, staff, resident and website (once)."

    def handle(self, *args, **options):
        if Municipality.objects.exists():
            self.stdout.write("demo data already present")
            return
        started = time.monotonic()
        # Wagtail logs every page it creates at INFO; `make run` should show the
        # demo logins, not two hundred lines of page creation.
        wagtail_logger = logging.getLogger("wagtail")
        previous_level = wagtail_logger.level
        wagtail_logger.setLevel(max(previous_level, logging.WARNING))
        try:
            municipality, users = self._seed()
        finally:
            wagtail_logger.setLevel(previous_level)
        self.stdout.write(
            self.style.SUCCESS(
                f"demo data loaded: {municipality}, {len(users)} accounts "
                f"({time.monotonic() - started:.1f} s)"
            )
        )

    def _seed(self):
        # One transaction: an interrupted seed leaves nothing half-made behind,
        # so the next `make run` simply tries again.
        with transaction.atomic():
            municipality = organisation_create()
            users = demo_accounts_create()
            website_create(municipality=municipality)
            # After the page tree exists: the workflow is attached to each home.
            website_moderation_ensure()
        return municipality, users
