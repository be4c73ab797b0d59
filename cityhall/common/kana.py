"""Kana conversions for furigana (ふりがな) and search folding."""

from __future__ import annotations

import unicodedata

_HIRAGANA_START, _HIRAGANA_END = 0x3041, 0x3096
_KATAKANA_START, _KATAKANA_END = 0x30A1, 0x30F6
_OFFSET = _KATAKANA_START - _HIRAGANA_START


def katakana_to_hiragana(text: str) -> str:
    """ア → あ; characters other than katakana are left as they are."""
    return "".join(
        chr(ord(ch) - _OFFSET) if _KATAKANA_START <= ord(ch) <= _KATAKANA_END else ch
        for ch in text
    )


def hiragana_to_katakana(text: str) -> str:
    """あ → ア; characters other than hiragana are left as they are."""
    return "".join(
        chr(ord(ch) + _OFFSET) if _HIRAGANA_START <= ord(ch) <= _HIRAGANA_END else ch
        for ch in text
    )


def is_kana_reading(text: str) -> bool:
    """True when ``text`` is a furigana reading: kana, ー, spaces and ・ only."""
    for ch in text:
        if ch in " 　ー・ｰ":
            continue
        code = ord(ch)
        if not (
            _HIRAGANA_START <= code <= _HIRAGANA_END
            or _KATAKANA_START <= code <= _KATAKANA_END
        ):
            return False
    return bool(text.strip())


def normalize_furigana(text: str) -> str:
    """Store furigana in one form: full-width hiragana, single spaces.

    Accepts hiragana, full- or half-width katakana (ｶﾀｶﾅ is widened by NFKC).
    """
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(text.split())
    return katakana_to_hiragana(text)
