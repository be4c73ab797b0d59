"""``manage.py lottery_verify``: re-run a lottery draw from its revealed seed
and report whether it reproduces the published result.

    manage.py lottery_verify <window public id> --seed <hex>
    manage.py lottery_verify --file lottery-<id>.json [--seed <hex>]

The first form reads the result stored for the window (the same JSON the
results page offers for download); the second reads a downloaded file, so
anyone can check a draw without access to the database. ``--seed`` defaults
to the seed inside the JSON. Exit status 0 when the draw is reproduced, 1
otherwise.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cityhall.reservations.lottery_draw import verify
from cityhall.reservations.selectors_lottery import window_get_public


class Command(BaseCommand):
    help = "Re-run a lottery draw from its seed and compare with the published result."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("window", nargs="?", help="public id of the window")
        parser.add_argument("--file", help="a downloaded result JSON")
        parser.add_argument("--seed", help="the revealed seed (hex)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"]:
            try:
                result = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"cannot read {options['file']}: {error}") from error
        elif options["window"]:
            try:
                public_id = uuid.UUID(options["window"])
            except ValueError as error:
                raise CommandError("not a window id") from error
            window = window_get_public(public_id=public_id)
            if window is None or not window.result:
                raise CommandError("no drawn lottery with this id")
            result = window.result
        else:
            raise CommandError("give a window id or --file")
        seed = options["seed"] or result.get("seed")
        if not seed:
            raise CommandError("the seed is not revealed yet: pass --seed")
        try:
            bytes.fromhex(seed)
            ok, reason = verify(result=result, seed_hex=seed)
        except (ValueError, KeyError, TypeError) as error:
            raise CommandError(f"malformed seed or result: {error}") from error
        winners = len(result.get("winners", []))
        entries = len(result.get("entries", []))
        if ok:
            self.stdout.write(f"OK: {reason} ({entries} entries, {winners} winners)")
            return
        self.stderr.write(f"MISMATCH: {reason}")
        raise SystemExit(1)
