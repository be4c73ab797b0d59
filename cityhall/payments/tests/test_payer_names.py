"""Folding payer names for matching."""

import pytest

from cityhall.payments.payer_names import payer_name_fold


@pytest.mark.parametrize(
    "spelling",
    ["ﾀﾅｶ ｼﾞﾛｳ", "たなか じろう", "タナカ　ジロウ", "ﾀﾅｶ-ｼﾞﾛｳ", "たなか・ぢろう"],
)
def test_spellings_of_one_name_fold_alike(spelling):
    """Half-width bank kana, hiragana, full-width katakana, punctuation and ぢ/じ
    all give the same key."""
    assert payer_name_fold(spelling) == "タナカジロウ"


def test_small_kana_become_large_as_banks_write_them():
    """きっしゃ is written ｷﾂｼﾔ by banks; both fold alike."""
    assert payer_name_fold("きっしゃ") == payer_name_fold("ｷﾂｼﾔ") == "キツシヤ"


def test_latin_letters_are_upper_cased():
    """Company names in letters compare regardless of case and width."""
    assert payer_name_fold("ａｂｃ ｼﾖｳｼﾞ") == "ABCシヨウジ"
