"""``manage.py furigana [FILE]``: readings for sentences, one JSON line each.

Reads UTF-8 text (FILE, or standard input when FILE is absent or ``-``), one
sentence a line, and prints for each line a JSON list of
``{"surface": …, "reading": …}`` segments, using the same engine and the same
municipality reading dictionary as the website's furigana display.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cityhall.common.furigana.dictionary import engine_from_database
from cityhall.common.furigana.engine import segments_as_json


class Command(BaseCommand):
    help = (
        "Print furigana readings of sentences (UTF-8, one a line, from FILE or "
        "standard input) as one JSON list of {surface, reading} per line."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help="Input file; '-' or none: stdin."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        engine = engine_from_database()
        try:
            if path == "-":
                stream = sys.stdin.buffer
                data = stream.read()
            else:
                with open(path, "rb") as handle:
                    data = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{path} is not UTF-8 (byte {error.start}); nothing was read."
            ) from error
        for line in text.splitlines():
            segments = engine.segments(line)
            self.stdout.write(
                json.dumps(segments_as_json(segments), ensure_ascii=False)
            )
