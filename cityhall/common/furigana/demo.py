"""Demo reading dictionary: Japan Post's readings for the demo municipality, its
districts, and a few entries as the city's staff would enter them.

The staff entries are local knowledge that no general dictionary and no address
data has: river names (河川名) and a plateau are not postal 町域, and a school's
name is split by the analyser (金田北中学校 → 金田 + 北中 + 学校).
"""

from __future__ import annotations

from typing import Any

from cityhall.common.furigana.dictionary import (
    SeedResult,
    reading_dictionary_seed,
    reading_dictionary_seed_from_postal_data,
)
from cityhall.common.models import ReadingEntry

#: (written form, reading, note) as staff of the demo city enter them.
DEMO_STAFF_ENTRIES = [
    ("蛇尾川", "さびがわ", "River through the city (一級河川)."),
    ("金丸原", "かなまるはら", "Plateau; former airfield."),
    ("金田北中学校", "かねだきたちゅうがっこう", "Municipal junior high school."),
    ("雲巌寺", "うんがんじ", "Temple in 雲岩寺 (the 町域 is written 岩)."),
    (
        "那須与一",
        "なすのよいち",
        "Historical figure; the city's mascot is named after him.",
    ),
]


def reading_dictionary_demo_seed(
    *,
    prefecture: str,
    municipality_name: str,
    districts: list[tuple[str, str]],
) -> tuple[SeedResult, SeedResult, int]:
    """Seed postal readings, district readings and the demo staff entries."""
    postal = reading_dictionary_seed_from_postal_data(
        prefecture=prefecture, municipality=municipality_name
    )
    district = reading_dictionary_seed(
        readings={name: kana for name, kana in districts if name and kana},
        source=ReadingEntry.Source.DISTRICT,
    )
    staff = 0
    # Demo data as staff would have typed it: directly, without the console.
    for surface, reading, note in DEMO_STAFF_ENTRIES:
        _entry, created = ReadingEntry.objects.update_or_create(
            surface=surface,
            defaults={
                "reading": reading,
                "note": note,
                "source": ReadingEntry.Source.STAFF,
            },
        )
        staff += int(created)
    return postal, district, staff


def demo_seed(*, municipality: Any) -> None:
    """Demo data for the reading dictionary of ``municipality`` (core's model)."""
    reading_dictionary_demo_seed(
        prefecture=municipality.prefecture,
        municipality_name=municipality.name,
        districts=[
            (district.name, district.name_kana)
            for district in municipality.districts.all()
        ],
    )
