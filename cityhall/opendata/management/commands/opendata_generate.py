"""``manage.py opendata_generate [KEY ...]``: rebuild generated datasets now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cityhall.opendata.services.generators import generated_datasets_refresh


class Command(BaseCommand):
    help = "Rebuild the platform-generated open datasets (all, or the keys given)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("keys", nargs="*")

    def handle(self, *args: Any, **options: Any) -> None:
        results = generated_datasets_refresh(keys=options["keys"] or None)
        for result in results:
            self.stdout.write(
                f"{result['key']}: {result['rows']} rows, "
                f"{'changed' if result['changed'] else 'unchanged'}, "
                f"{'valid' if result['valid'] else 'REJECTED'}"
            )
