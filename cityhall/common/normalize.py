"""Input normalisation for what residents type: 全角/半角, NFKC, hyphens.

Residents type phone numbers in full-width digits, postal codes with 〒 and any of
half a dozen dash characters; the stored form is one canonical spelling.
"""

from __future__ import annotations

import re
import unicodedata

from cityhall.common.kana import katakana_to_hiragana

# Characters people use for a hyphen in numbers (NFKC leaves several of them alone).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\uff70-"
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]")


def nfkc(text: str) -> str:
    """NFKC with surrounding white space removed (ＡＢＣ１２３ → ABC123)."""
    return unicodedata.normalize("NFKC", text).strip()


def normalize_name(text: str) -> str:
    """A person's or place's name: NFKC, inner runs of spaces folded to one."""
    return " ".join(nfkc(text).split())


def normalize_phone(text: str) -> str:
    """Phone number: half-width digits joined by ``-`` (０２８７－２３－１１１１)."""
    text = _DASH_RE.sub("-", nfkc(text))
    text = re.sub(r"[\s()（）]+", "-", text).strip("-")
    return re.sub(r"-{2,}", "-", text)


def is_valid_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return bool(re.fullmatch(r"[0-9+\-]+", text)) and 10 <= len(digits) <= 11


def normalize_postal_code(text: str) -> str:
    """Postal code as ``NNN-NNNN``; returns the input NFKC'd if it is not 7 digits."""
    text = nfkc(text).replace("〒", "").strip()
    digits = re.sub(r"\D", "", _DASH_RE.sub("", text))
    if len(digits) == 7 and re.fullmatch(r"[0-9\-\s]+", _DASH_RE.sub("-", text)):
        return f"{digits[:3]}-{digits[3:]}"
    return text


def is_valid_postal_code(text: str) -> bool:
    return bool(re.fullmatch(r"\d{3}-\d{4}", text))


def fold_for_search(text: str) -> str:
    """The form text is compared in for search: NFKC, lower case, hiragana."""
    return katakana_to_hiragana(unicodedata.normalize("NFKC", text).casefold())
