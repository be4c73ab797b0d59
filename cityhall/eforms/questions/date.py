"""A date, entered in the Japanese era (令和7年) or the western calendar.

Residents fill in era, year, month and day in separate boxes, as on paper
forms; the year is checked against the era (平成31年 ends on 30 April 2019,
令和 starts on 1 May 2019). The stored value is the ISO date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhall.common.normalize import nfkc
from cityhall.common.wareki import ERAS, era_for, format_wareki
from cityhall.eforms.questions.base import Question, QuestionType, required_message

WESTERN = "western"


def era_choices() -> list[tuple[str, str]]:
    return [(era.romaji.lower(), f"{era.name} ({era.romaji})") for era in ERAS] + [
        (WESTERN, gettext("Western calendar"))
    ]


def date_from_era(era_key: str, year: int, month: int, day: int) -> dt.date:
    """The date ``year`` of ``era_key`` (1 = 元年); ValueError when it is not a
    date or lies outside the era."""
    if era_key == WESTERN:
        return dt.date(year, month, day)
    index = next(i for i, era in enumerate(ERAS) if era.romaji.lower() == era_key)
    era = ERAS[index]
    if year < 1:
        raise ValueError("year before the era")
    date = dt.date(era.gannen_year + year - 1, month, day)
    following = ERAS[index - 1].start if index > 0 else None
    if date < era.start or (following is not None and date >= following):
        raise ValueError("date outside the era")
    return date


def _number(text: Any) -> int | None:
    text = nfkc(str(text or ""))
    if text in ("元", "元年"):
        return 1
    return int(text) if text.isdigit() else None


class EraDate(QuestionType):
    key = "date"
    label = _("Date (Japanese era or western)")

    def options_errors(self, options: dict[str, Any]) -> list[str]:
        errors = []
        for name in ("min", "max"):
            if name in options:
                try:
                    dt.date.fromisoformat(options[name])
                except (TypeError, ValueError):
                    errors.append(
                        gettext("The option “%(name)s” must be a date (YYYY-MM-DD).")
                        % {"name": name}
                    )
        return errors

    def fields(self, question: Question) -> dict[str, forms.Field]:
        number = {"inputmode": "numeric", "size": "4"}
        return {
            "era": forms.ChoiceField(
                label=_("Era"),
                choices=[("", "—"), *era_choices()],
                required=False,
                initial="reiwa",
            ),
            "year": forms.CharField(
                label=_("Year"),
                required=False,
                max_length=4,
                widget=forms.TextInput(number),
            ),
            "month": forms.CharField(
                label=_("Month"),
                required=False,
                max_length=2,
                widget=forms.TextInput(number),
            ),
            "day": forms.CharField(
                label=_("Day"),
                required=False,
                max_length=2,
                widget=forms.TextInput(number),
            ),
        }

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        era_key = parts.get("era") or ""
        numbers = [_number(parts.get(name)) for name in ("year", "month", "day")]
        typed = [parts.get(name) for name in ("year", "month", "day")]
        if not any(typed):
            if question.required:
                raise forms.ValidationError({"year": [required_message(question)]})
            return None
        if not era_key:
            raise forms.ValidationError({"era": [gettext("Choose the era.")]})
        for name, number in zip(("year", "month", "day"), numbers, strict=True):
            if number is None:
                raise forms.ValidationError(
                    {name: [gettext("Enter the year, month and day as numbers.")]}
                )
        year, month, day = numbers
        try:
            date = date_from_era(era_key, year, month, day)  # type: ignore[arg-type]
        except ValueError:
            raise forms.ValidationError(
                {"year": [gettext("Enter a real date in the chosen era.")]}
            ) from None
        low, high = question.options.get("min"), question.options.get("max")
        if low and date < dt.date.fromisoformat(low):
            raise forms.ValidationError(
                {
                    "year": [
                        gettext("Enter a date on or after %(date)s.")
                        % {"date": format_wareki(dt.date.fromisoformat(low))}
                    ]
                }
            )
        if high and date > dt.date.fromisoformat(high):
            raise forms.ValidationError(
                {
                    "year": [
                        gettext("Enter a date on or before %(date)s.")
                        % {"date": format_wareki(dt.date.fromisoformat(high))}
                    ]
                }
            )
        return date.isoformat()

    def initial(self, question: Question, value: Any) -> dict[str, Any]:
        if not value:
            return {"era": "reiwa"}
        date = dt.date.fromisoformat(value)
        found = era_for(date)
        if found is None:
            return {
                "era": WESTERN,
                "year": date.year,
                "month": date.month,
                "day": date.day,
            }
        era, year = found
        return {
            "era": era.romaji.lower(),
            "year": year,
            "month": date.month,
            "day": date.day,
        }

    def display(self, question: Question, value: Any) -> str:
        if not value:
            return ""
        date = dt.date.fromisoformat(value)
        return f"{format_wareki(date)} ({date.isoformat()})"

    def csv_value(self, question: Question, value: Any) -> str:
        return value or ""
