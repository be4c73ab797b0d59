"""Japanese text helpers: era dates at their boundaries, furigana input, NFKC
folding of what residents type."""

from __future__ import annotations

import datetime as dt

import pytest

from cityhall.common.kana import (
    hiragana_to_katakana,
    is_kana_reading,
    katakana_to_hiragana,
    normalize_furigana,
)
from cityhall.common.normalize import (
    fold_for_search,
    is_valid_phone,
    is_valid_postal_code,
    nfkc,
    normalize_name,
    normalize_phone,
    normalize_postal_code,
)
from cityhall.common.wareki import era_for, format_wareki

# --- Wareki -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_day", "expected"),
    [
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1926, 12, 25), "昭和元年12月25日"),
        (dt.date(1912, 7, 30), "大正元年7月30日"),
        (dt.date(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_first_day_of_each_era(first_day, expected):
    """Each era begins on its proclaimed day (明治 as the solar calendar began,
    in its 6th year)."""
    assert format_wareki(first_day) == expected


@pytest.mark.parametrize(
    ("last_day", "expected"),
    [
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(1926, 12, 24), "大正15年12月24日"),
        (dt.date(1912, 7, 29), "明治45年7月29日"),
    ],
)
def test_last_day_of_each_era(last_day, expected):
    """The day before an era starts belongs to the one before it."""
    assert format_wareki(last_day) == expected


def test_meiji_years_count_from_1868():
    """明治 is shown from 1873 on, but its years count from 明治元年 = 1868."""
    assert format_wareki(dt.date(1900, 1, 1)) == "明治33年1月1日"


def test_year_before_meiji_6_is_western():
    """Before the solar calendar (明治6年), dates are shown in the western calendar."""
    assert era_for(dt.date(1872, 12, 31)) is None
    assert format_wareki(dt.date(1872, 12, 31)) == "1872年12月31日"


def test_gannen_lasts_until_the_end_of_the_western_year():
    """元年 is the rest of the western year; 2 年 starts on 1 January."""
    assert format_wareki(dt.date(2019, 12, 31)) == "令和元年12月31日"
    assert format_wareki(dt.date(2020, 1, 1)) == "令和2年1月1日"


def test_era_year_counts_from_one():
    """The era's year is counted from 1 in its first western year."""
    reiwa, year = era_for(dt.date(2025, 11, 23))
    assert (reiwa.name, reiwa.romaji, year) == ("令和", "Reiwa", 7)
    assert era_for(dt.date(2019, 5, 1))[1] == 1


def test_first_year_in_digits_when_gannen_is_off():
    """Forms that want digits get 1年 instead of 元年; other years are unchanged."""
    assert format_wareki(dt.date(2019, 5, 1), gannen=False) == "令和1年5月1日"
    assert format_wareki(dt.date(2020, 5, 1), gannen=True) == "令和2年5月1日"


def test_datetime_is_formatted_by_its_date():
    """A datetime is shown as its calendar date."""
    assert format_wareki(dt.datetime(2019, 5, 1, 23, 59)) == "令和元年5月1日"


# --- Furigana -----------------------------------------------------------------


@pytest.mark.parametrize(
    "reading",
    [
        "やまだ たろう",
        "ヤマダ　タロウ",
        "ぁゖ",  # first and last hiragana
        "ァヶ",  # first and last katakana
        "まーがれっと・さとう",
        "ｰ",  # half-width prolonged sound mark
        " やまだ ",
    ],
)
def test_kana_readings_are_accepted(reading):
    """Hiragana, katakana, ー, ・ and spaces make a reading."""
    assert is_kana_reading(reading)


@pytest.mark.parametrize(
    "reading",
    [
        "山田",
        "やまだ 太郎",  # kana, a space, then kanji
        "やまだ　Taro",  # after a full-width space
        "たろう・ー 1",
        "\u3040",  # just below hiragana
        "\u3097",  # just above hiragana
        "\u30a0",  # just below katakana (゠)
        "\u30f7",  # just above katakana
        "ﾔﾏﾀﾞ",  # half-width katakana: normalise first
        "",
        "   ",
    ],
)
def test_other_text_is_not_a_reading(reading):
    """Anything else, anywhere in the text (also after a space), is refused;
    blank text is not a reading."""
    assert not is_kana_reading(reading)


def test_kana_conversion_covers_the_whole_range():
    """Every kana with a counterpart converts both ways; ー and others stay."""
    assert katakana_to_hiragana("ァヴヵヶー山A") == "ぁゔゕゖー山A"
    assert hiragana_to_katakana("ぁゔゕゖー山A") == "ァヴヵヶー山A"
    assert katakana_to_hiragana("\u30a0\u30f7") == "\u30a0\u30f7"
    assert hiragana_to_katakana("\u3040\u3097") == "\u3040\u3097"


def test_furigana_is_stored_as_hiragana_with_single_spaces():
    """Half-width and full-width katakana become hiragana; space runs fold."""
    assert normalize_furigana("  ﾔﾏﾀﾞ　　タロウ ") == "やまだ たろう"


# --- NFKC and typed numbers ----------------------------------------------------


def test_nfkc_widens_and_narrows_and_trims():
    """Full-width letters and digits become ASCII, ｶﾅ becomes カナ; outer
    spaces (also full-width) go."""
    assert nfkc("　ＡＢＣ１２３ ｶﾅ ") == "ABC123 カナ"


def test_name_spaces_are_folded():
    """Inner runs of spaces in a name become one."""
    assert normalize_name(" 山田　　太郎 ") == "山田 太郎"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("０２８７－２３－１１１１", "0287-23-1111"),
        ("0287ー23ー1111", "0287-23-1111"),
        ("(0287) 23 1111", "0287-23-1111"),
        ("0287--23‐‐1111", "0287-23-1111"),
        ("-0287-23-1111-", "0287-23-1111"),
    ],
)
def test_phone_numbers_are_normalised(typed, stored):
    """Dashes of every kind, brackets and spaces become single hyphens."""
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    ("phone", "valid"),
    [
        ("0287-23-1111", True),
        ("090-1234-5678", True),
        ("+81-287-23-111", True),
        ("0287-23-111", False),  # 9 digits
        ("090-1234-56789", False),  # 12 digits
        ("0287-23-111a", False),
    ],
)
def test_phone_validity(phone, valid):
    """A phone number has 10 or 11 digits and only digits, + and -."""
    assert is_valid_phone(phone) is valid


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("〒３２４－８６４１", "324-8641"),
        ("3248641", "324-8641"),
        ("324 8641", "324-8641"),
        ("324ー8641", "324-8641"),
        ("32486", "32486"),
        ("324-86410", "324-86410"),
        ("Ｔ324-8641", "T324-8641"),
    ],
)
def test_postal_codes_are_normalised(typed, stored):
    """Seven digits in any width, with 〒 or any dash, become NNN-NNNN; anything
    else is returned NFKC'd for the form to refuse."""
    assert normalize_postal_code(typed) == stored


def test_postal_code_validity():
    """Only the stored form NNN-NNNN is valid."""
    assert is_valid_postal_code("324-8641")
    assert not is_valid_postal_code("3248641")
    assert not is_valid_postal_code("324-8641 ")


def test_search_folding():
    """Search compares NFKC, case-folded, hiragana text."""
    assert (
        fold_for_search("ＯＨＴＡＷＡＲＡ ｵｵﾀﾜﾗ カタカナ")
        == "ohtawara おおたわら かたかな"
    )
