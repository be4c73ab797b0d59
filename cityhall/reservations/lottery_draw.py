"""The lottery draw (抽選) as a pure, deterministic function of the seed and
the entries, so that anyone holding the published entries and the revealed
seed can re-run it (``manage.py lottery_verify``).

Algorithm (version 1):

1. Each entry gets the key ``HMAC-SHA256(key=seed bytes, msg=entry id as
   ASCII)``, as lower-case hex; the seed is the 32 random bytes whose hex
   form is revealed, and whose SHA-256 (of the hex text) was published before
   the draw.
2. Entries are taken in ascending order of (key, entry id); ties cannot
   happen in practice and the id breaks them anyway.
3. An entry wins when its slot (room, date, start) has no winner yet, its
   resident has fewer than ``max_wins_per_resident`` wins, and, when it was
   entered for a group, that group has fewer than ``max_wins_per_group``
   wins. Otherwise it loses.

Nothing else (time, database order, the machine) enters the result.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

ALGORITHM = "hmac-sha256-v1"


@dataclass(frozen=True)
class DrawEntry:
    """What the draw sees of one entry: public ids only."""

    entry: str
    resident: str
    group: str | None
    slot: str  # "<room public id>/<YYYY-MM-DD>/<HH:MM>"


def seed_hash(seed_hex: str) -> str:
    """The SHA-256 hex digest of the seed's hex text (what is published)."""
    return hashlib.sha256(seed_hex.encode("ascii")).hexdigest()


def entry_key(seed_hex: str, entry_id: str) -> str:
    """The entry's draw key: HMAC-SHA256 of its id under the seed."""
    return hmac.new(
        bytes.fromhex(seed_hex), entry_id.encode("ascii"), hashlib.sha256
    ).hexdigest()


def draw(
    *,
    seed_hex: str,
    entries: Iterable[DrawEntry],
    max_wins_per_resident: int,
    max_wins_per_group: int,
) -> list[str]:
    """The ids of the winning entries, in draw order (see the module's
    docstring for the algorithm)."""
    ordered = sorted(entries, key=lambda e: (entry_key(seed_hex, e.entry), e.entry))
    taken: set[str] = set()
    resident_wins: dict[str, int] = {}
    group_wins: dict[str, int] = {}
    winners: list[str] = []
    for entry in ordered:
        if entry.slot in taken:
            continue
        if resident_wins.get(entry.resident, 0) >= max_wins_per_resident:
            continue
        if entry.group and group_wins.get(entry.group, 0) >= max_wins_per_group:
            continue
        taken.add(entry.slot)
        resident_wins[entry.resident] = resident_wins.get(entry.resident, 0) + 1
        if entry.group:
            group_wins[entry.group] = group_wins.get(entry.group, 0) + 1
        winners.append(entry.entry)
    return winners


def entries_from_json(rows: Iterable[dict]) -> list[DrawEntry]:
    """Draw entries from the ``entries`` list of a published result."""
    return [
        DrawEntry(
            entry=row["entry"],
            resident=row["resident"],
            group=row.get("group") or None,
            slot=row["slot"],
        )
        for row in rows
    ]


def verify(*, result: dict, seed_hex: str) -> tuple[bool, str]:
    """Whether ``result`` (the published JSON) is what the draw gives for
    ``seed_hex``: (ok, reason)."""
    if seed_hash(seed_hex) != result.get("seed_sha256"):
        return False, "seed does not match the published SHA-256"
    winners = draw(
        seed_hex=seed_hex,
        entries=entries_from_json(result.get("entries", [])),
        max_wins_per_resident=int(result["max_wins_per_resident"]),
        max_wins_per_group=int(result["max_wins_per_group"]),
    )
    if winners != list(result.get("winners", [])):
        return False, "the draw gives different winners"
    return True, "reproduced"
