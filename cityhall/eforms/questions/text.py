"""Short text (one line) and long text (several lines)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhall.common.normalize import nfkc
from cityhall.eforms.questions.base import (
    Question,
    QuestionType,
    int_option_errors,
    required_message,
)


class ShortText(QuestionType):
    key = "short_text"
    label = _("Short text")
    default_max_length = 200

    def options_errors(self, options: dict[str, Any]) -> list[str]:
        return int_option_errors(options, "max_length")

    def _field(self, question: Question) -> forms.CharField:
        return forms.CharField(
            required=question.required,
            max_length=question.options.get("max_length", self.default_max_length),
            error_messages={"required": required_message(question)},
        )

    def fields(self, question: Question) -> dict[str, forms.Field]:
        return {"": self._field(question)}

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        value = nfkc(parts.get("") or "")
        return value or None


class LongText(ShortText):
    key = "long_text"
    label = _("Long text")
    default_max_length = 2000

    def fields(self, question: Question) -> dict[str, forms.Field]:
        field = self._field(question)
        field.widget = forms.Textarea(attrs={"rows": 5})
        return {"": field}

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        # Line breaks are the resident's: only trailing white space goes.
        value = (parts.get("") or "").strip()
        return value or None
