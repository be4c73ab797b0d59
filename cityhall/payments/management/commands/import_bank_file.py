"""``manage.py import_bank_file PATH``: import a Zengin bank file (消込).

Prints how many records were applied, already known and left for staff. A
malformed file is rejected as a whole, naming the line and the reason, with a
non-zero exit status and nothing changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityhall.core.models import Municipality
from cityhall.core.selectors.organisation import municipality_current
from cityhall.payments.errors import BankFileError
from cityhall.payments.services.reconciliation import bank_file_import


class Command(BaseCommand):
    help = "Import a Zengin bank file (transfers, statement, direct debit results)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--municipality",
            help="Local government code (default: the installation's municipality).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        code = options.get("municipality")
        municipality = (
            Municipality.objects.filter(local_government_code=code).first()
            if code
            else municipality_current()
        )
        if municipality is None:
            raise CommandError("No municipality is configured.")

        def progress(done: int, total: int) -> None:
            if options["verbosity"] >= 2:
                self.stderr.write(f"\r{done:,}/{total:,}", ending="")

        try:
            summary = bank_file_import(
                data=data,
                filename=path.name,
                municipality=municipality,
                progress=progress,
            )
        except BankFileError as exc:
            raise CommandError(f"{path.name}: {exc.message}") from exc
        for warning in summary.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(f"applied: {summary.applied}")
        self.stdout.write(f"already known: {summary.already_known}")
        self.stdout.write(f"left for staff: {summary.left_for_staff}")
        if summary.ignored:
            self.stdout.write(f"withdrawals ignored: {summary.ignored}")
