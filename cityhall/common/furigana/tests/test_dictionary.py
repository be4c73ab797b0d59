"""Seeding the reading dictionary from Japan Post data, staff edits."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from cityhall.common.furigana.dictionary import (
    ReadingDictionaryError,
    postal_readings,
    reading_dictionary_seed_from_postal_data,
    reading_entry_save,
)
from cityhall.common.models import ReadingEntry

pytestmark = pytest.mark.django_db


def test_postal_readings_of_a_municipality():
    """Japan Post's 町域 readings, in hiragana, plus the name without 市."""
    readings = postal_readings(prefecture="栃木県", municipality="大田原市")
    assert readings["福原"] == "ふくわら"
    assert readings["羽田"] == "はんだ"
    assert readings["狭原"] == "せばはら"
    assert readings["大田原市"] == "おおたわらし"
    assert readings["大田原"] == "おおたわら"
    assert "以下に掲載がない場合" not in readings
    # Another municipality's data is not mixed in.
    assert "紫塚" not in postal_readings(prefecture="栃木県", municipality="那須町")


def test_seed_is_idempotent_and_keeps_staff_entries():
    """A second run writes nothing; a staff correction survives re-seeding."""
    first = reading_dictionary_seed_from_postal_data(
        prefecture="栃木県", municipality="大田原市"
    )
    assert first.created > 80
    entry = ReadingEntry.objects.get(surface="前田")
    reading_entry_save(surface="前田", reading="まえだ", note="", entry=entry)
    second = reading_dictionary_seed_from_postal_data(
        prefecture="栃木県", municipality="大田原市"
    )
    assert (second.created, second.updated, second.kept_staff) == (0, 0, 1)
    assert ReadingEntry.objects.get(surface="前田").reading == "まえだ"


def test_unknown_municipality_is_refused():
    """A name Japan Post does not know is an error, and nothing is stored."""
    with pytest.raises(ReadingDictionaryError):
        reading_dictionary_seed_from_postal_data(
            prefecture="栃木県", municipality="存在しない市"
        )
    assert not ReadingEntry.objects.exists()


def test_staff_entry_is_normalised_and_validated():
    """Katakana readings are stored in hiragana; bad input changes nothing."""
    entry = reading_entry_save(surface="蛇尾川", reading="サビガワ", note="river")
    assert entry.reading == "さびがわ"
    assert entry.source == ReadingEntry.Source.STAFF
    with pytest.raises(ReadingDictionaryError):
        reading_entry_save(surface="蛇尾川", reading="さびがわ")  # duplicate
    with pytest.raises(ReadingDictionaryError):
        reading_entry_save(surface="箒川", reading="houki")
    with pytest.raises(ReadingDictionaryError):
        reading_entry_save(surface="さびがわ", reading="さびがわ")
    assert ReadingEntry.objects.count() == 1


def test_furigana_command_prints_json_lines(tmp_path):
    """``manage.py furigana FILE`` prints one JSON list per input line."""
    reading_entry_save(surface="蛇尾川", reading="さびがわ")
    source = tmp_path / "in.txt"
    source.write_text("蛇尾川の水位\n10月\n", encoding="utf-8")
    out = io.StringIO()
    call_command("furigana", str(source), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        '[{"surface": "蛇尾川", "reading": "さびがわ"}, '
        '{"surface": "の", "reading": null}, '
        '{"surface": "水位", "reading": "すいい"}]'
    )
    assert lines[1] == '[{"surface": "10月", "reading": "じゅうがつ"}]'


def test_furigana_command_reads_stdin(monkeypatch):
    """Without FILE the command reads standard input."""
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("3人\n".encode())))
    out = io.StringIO()
    call_command("furigana", stdout=out)
    assert out.getvalue().splitlines() == [
        '[{"surface": "3人", "reading": "さんにん"}]'
    ]


def test_furigana_command_refuses_non_utf8(tmp_path):
    """A Shift_JIS file is refused with a clear message and prints nothing."""
    from django.core.management import CommandError

    source = tmp_path / "sjis.txt"
    source.write_bytes("避難所".encode("cp932"))
    out = io.StringIO()
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("furigana", str(source), stdout=out)
    assert out.getvalue() == ""
