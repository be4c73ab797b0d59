"""Payer names as banks report them, folded so they can be compared.

Bank records carry names in upper-case half-width katakana (ﾀﾅｶ ﾊﾅｺ): no small
kana, ﾞ and ﾟ as separate characters, ｰ or - for the long vowel, spaces where
the bank's clerk put them. Residents' names are stored in hiragana or full-width
katakana. Both are folded to one key: full-width katakana, large kana only,
voiced marks combined, long-vowel marks, spaces and punctuation dropped.
"""

from __future__ import annotations

import unicodedata

_HIRAGANA = "".join(chr(c) for c in range(0x3041, 0x3097))
_KATAKANA = "".join(chr(c + 0x60) for c in range(0x3041, 0x3097))
_SMALL, _LARGE = "ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ"
# Spellings banks treat as the same sound.
_SAME_FROM, _SAME_TO = "ヂヅヲヰヱ", "ジズオイエ"
_DROP = " 　-ー－‐・.,()（）/「」'\""

# One table for the whole fold (applied after NFKC and upper-casing): hiragana
# to katakana, then small to large kana and equal sounds, punctuation dropped.
_TABLE: dict[int, str | None] = {
    ord(h): k for h, k in zip(_HIRAGANA, _KATAKANA, strict=True)
}
for _from, _to in zip(_SMALL + _SAME_FROM, _LARGE + _SAME_TO, strict=True):
    _TABLE[ord(_from)] = _to
    hiragana = ord(_from) - 0x60
    if 0x3041 <= hiragana <= 0x3096:
        _TABLE[hiragana] = _to
_TABLE.update({ord(ch): None for ch in _DROP})


def payer_name_fold(text: str) -> str:
    """ﾀﾅｶ ｼﾞﾛｳ, たなか じろう and タナカ　ジロウ all fold to タナカジロウ."""
    return unicodedata.normalize("NFKC", text or "").upper().translate(_TABLE)
