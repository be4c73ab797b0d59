"""``manage.py roles_sync``: put every user in the groups of today's roles."""

import datetime as dt

from django.core.management.base import BaseCommand

from cityhall.core.services.roles import role_groups_sync_all


class Command(BaseCommand):
    help = (
        "Synchronise role groups with the role assignments valid today "
        "(run daily, e.g. from cron, so April transfers take effect on time)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--on",
            type=dt.date.fromisoformat,
            default=None,
            help="Use the assignments valid on this date (YYYY-MM-DD).",
        )

    def handle(self, *args, **options):
        count = role_groups_sync_all(on=options["on"])
        self.stdout.write(f"Role groups synchronised for {count} users.")
