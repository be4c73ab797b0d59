"""Normalising and validating what residents type into their profile.

Forms call these per field so each error sits next to its input; services call
:func:`profile_fields_clean` again because they are also reached from places
without a form (API, admin actions, tests).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityhall.common.kana import is_kana_reading, normalize_furigana
from cityhall.common.normalize import (
    is_valid_phone,
    is_valid_postal_code,
    nfkc,
    normalize_name,
    normalize_phone,
    normalize_postal_code,
)
from cityhall.core.models import ResidentProfile

NAME_MAX_LENGTH = 100
ADDRESS_MAX_LENGTH = 300
LANGUAGE_CODES = frozenset(ResidentProfile.Language.values)


def _within_length(value: str, max_length: int) -> str:
    if len(value) > max_length:
        raise ValidationError(
            _("Enter at most %(max)d characters."),
            code="max_length",
            params={"max": max_length},
        )
    return value


def clean_email(value: str) -> str:
    """E-mail addresses are compared in one spelling: NFKC (ｔａｒｏ＠ → taro@),
    lower case, no surrounding space."""
    return nfkc(value).lower()


def clean_name(value: str) -> str:
    """A family or given name: NFKC, single inner spaces, required."""
    value = normalize_name(value)
    if not value:
        raise ValidationError(_("Enter a name."), code="required")
    return _within_length(value, NAME_MAX_LENGTH)


def clean_furigana(value: str) -> str:
    """A reading in kana; hiragana, katakana and half-width katakana are accepted
    and stored as full-width hiragana (ヤマダ, ﾔﾏﾀﾞ → やまだ)."""
    value = normalize_furigana(value)
    if not is_kana_reading(value):
        raise ValidationError(
            _("Enter the reading in hiragana or katakana only."), code="not_kana"
        )
    return _within_length(value, NAME_MAX_LENGTH)


def clean_postal_code(value: str) -> str:
    """Seven digits, stored as NNN-NNNN (〒３２４－８６４１ → 324-8641)."""
    value = normalize_postal_code(value)
    if not is_valid_postal_code(value):
        raise ValidationError(
            _("Enter a postal code of seven digits, for example 123-4567."),
            code="invalid_postal_code",
        )
    return value


def clean_address(value: str) -> str:
    """An address: NFKC (full-width digits become half-width), required."""
    value = normalize_name(value)
    if not value:
        raise ValidationError(_("Enter your address."), code="required")
    return _within_length(value, ADDRESS_MAX_LENGTH)


def clean_phone(value: str) -> str:
    """Optional phone number, stored with half-width digits and hyphens."""
    value = normalize_phone(value)
    if value and not is_valid_phone(value):
        raise ValidationError(
            _("Enter a phone number of 10 or 11 digits, for example 03-1234-5678."),
            code="invalid_phone",
        )
    return value


def clean_language(value: str) -> str:
    """One of the languages the resident site offers."""
    if value not in LANGUAGE_CODES:
        raise ValidationError(_("Choose a language from the list."), code="invalid")
    return value


_PROFILE_CLEANERS = {
    "family_name": clean_name,
    "given_name": clean_name,
    "family_name_kana": clean_furigana,
    "given_name_kana": clean_furigana,
    "postal_code": clean_postal_code,
    "address": clean_address,
    "phone": clean_phone,
    "preferred_language": clean_language,
}


def profile_fields_clean(data: dict[str, Any]) -> dict[str, str]:
    """Clean every profile field in ``data``; raises ``ValidationError`` with a
    dict of field errors when any is bad, so nothing is saved half-checked."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[ValidationError]] = {}
    for name, cleaner in _PROFILE_CLEANERS.items():
        try:
            cleaned[name] = cleaner(str(data.get(name) or ""))
        except ValidationError as error:
            errors[name] = [error]
    if errors:
        raise ValidationError(errors)
    return cleaned
