"""Payer names as banks report them, folded so they can be compared.

Bank records carry names in upper-case half-width katakana (ﾀﾅｶ ﾊﾅｺ): no small
kana, ﾞ and ﾟ as separate characters, ｰ or - for the long vowel, spaces where
the bank's clerk put them. Residents' names are stored in hiragana or full-width
katakana. Both are folded to one key: full-width katakana, large kana only,
voiced marks combined, long-vowel marks, spaces and punctuation dropped.
"""

from __future__ import annotations

import unicodedata

from cityhall.common.kana import hiragana_to_katakana

_SMALL_TO_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
# Spellings banks treat as the same sound.
_SAME_SOUND = str.maketrans("ヂヅヲヰヱ", "ジズオイエ")
_DROP = set(" 　-ー－‐・.,()（）/「」'\"")


def payer_name_fold(text: str) -> str:
    """ﾀﾅｶ ｼﾞﾛｳ, たなか じろう and タナカ　ジロウ all fold to タナカジロウ."""
    text = unicodedata.normalize("NFKC", text or "")
    text = hiragana_to_katakana(text).upper()
    text = text.translate(_SMALL_TO_LARGE).translate(_SAME_SOUND)
    return "".join(ch for ch in text if ch not in _DROP)
