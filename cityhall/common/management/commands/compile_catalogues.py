"""Compile the project's .po catalogues to .mo without GNU gettext."""

from django.core.management.base import BaseCommand

from cityhall.common.translation_catalogues import catalogue_compile, catalogue_paths


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (pure Python, via polib)."

    def handle(self, *args, **options):
        for path in catalogue_paths():
            mo_path = catalogue_compile(path)
            self.stdout.write(f"compiled {mo_path}")
