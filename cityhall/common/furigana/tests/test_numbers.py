"""Numbers and counters are read by rule, with their sound changes."""

from __future__ import annotations

import pytest

from cityhall.common.furigana.numbers import (
    cardinal,
    parse_number,
    read_with_counter,
)


@pytest.mark.parametrize(
    ("number", "reading"),
    [
        (0, "ぜろ"),
        (10, "じゅう"),
        (16, "じゅうろく"),
        (300, "さんびゃく"),
        (461, "よんひゃくろくじゅういち"),
        (800, "はっぴゃく"),
        (3000, "さんぜん"),
        (2026, "にせんにじゅうろく"),
        (10000, "いちまん"),
        (72000, "ななまんにせん"),
        (10_000_000, "いっせんまん"),
        (100_000_000, "いちおく"),
    ],
)
def test_cardinal_numbers(number, reading):
    """Whole numbers read with the 百/千 sound changes (さんびゃく, はっぴゃく)."""
    assert cardinal(number) == reading


@pytest.mark.parametrize(
    ("written", "counter", "reading"),
    [
        ("10", "月", "じゅうがつ"),
        ("4", "月", "しがつ"),
        ("9", "月", "くがつ"),
        ("16", "日", "じゅうろくにち"),
        ("20", "日", "はつか"),
        ("14", "日", "じゅうよっか"),
        ("3", "日間", "みっかかん"),
        ("4", "時", "よじ"),
        ("7", "時", "しちじ"),
        ("24", "時間", "にじゅうよじかん"),
        ("30", "分", "さんじゅっぷん"),
        ("3", "分", "さんぷん"),
        ("5", "分", "ごふん"),
        ("461", "号", "よんひゃくろくじゅういちごう"),
        ("1", "人", "ひとり"),
        ("2", "人", "ふたり"),
        ("4", "人", "よにん"),
        ("3", "人", "さんにん"),
        ("2", "階", "にかい"),
        ("3", "階", "さんがい"),
        ("1", "回", "いっかい"),
        ("6", "か月", "ろっかげつ"),
        ("10", "件", "じゅっけん"),
        ("1", "世帯", "いっせたい"),
        ("20", "歳", "はたち"),
        ("65", "歳", "ろくじゅうごさい"),
        ("3", "本", "さんぼん"),
        ("1", "丁目", "いっちょうめ"),
        ("2026", "年", "にせんにじゅうろくねん"),
        ("4", "年", "よねん"),
        ("1万", "円", "いちまんえん"),
        ("１,０００", "人", "せんにん"),
    ],
)
def test_numbers_with_counters(written, counter, reading):
    """Counters change the number's last sound (いっかい, さんがい, よじ, はつか)."""
    number = parse_number(written)
    assert number is not None
    assert read_with_counter(number, counter) == reading


def test_leading_zero_reads_digit_by_digit():
    """Codes such as 0287 are read digit by digit."""
    number = parse_number("0287")
    assert number is not None
    assert number.reading == "ぜろにはちなな"


def test_decimal_reading():
    """1.5 is いってんご-style: the whole part, てん, then each digit."""
    number = parse_number("1.5")
    assert number is not None
    assert number.reading == "いちてんご"


def test_not_a_number():
    """Text that is not a numeral is not parsed."""
    assert parse_number("12a") is None
    assert parse_number("") is None
