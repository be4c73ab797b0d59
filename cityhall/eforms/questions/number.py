"""A whole number, with optional minimum and maximum (full-width digits accepted)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhall.common.normalize import nfkc
from cityhall.eforms.questions.base import (
    Question,
    QuestionType,
    int_option_errors,
    required_message,
)


class Number(QuestionType):
    key = "number"
    label = _("Number")

    def options_errors(self, options: dict[str, Any]) -> list[str]:
        errors = int_option_errors(options, "min", "max")
        if not errors and options.get("min", 0) > options.get(
            "max", options.get("min", 0)
        ):
            errors.append(gettext("The minimum is greater than the maximum."))
        return errors

    def fields(self, question: Question) -> dict[str, forms.Field]:
        return {
            "": forms.CharField(
                required=question.required,
                max_length=20,
                error_messages={"required": required_message(question)},
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            )
        }

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        text = nfkc(parts.get("") or "").replace(",", "")
        if not text:
            return None
        try:
            value = int(text)
        except ValueError:
            raise forms.ValidationError(
                gettext("Enter a whole number, like 3.")
            ) from None
        low, high = question.options.get("min"), question.options.get("max")
        if low is not None and value < low:
            raise forms.ValidationError(
                gettext("Enter a number of %(min)s or more.") % {"min": low}
            )
        if high is not None and value > high:
            raise forms.ValidationError(
                gettext("Enter a number of %(max)s or less.") % {"max": high}
            )
        return value

    def initial(self, question: Question, value: Any) -> dict[str, Any]:
        return {"": "" if value is None else str(value)}
