"""Single choice (radio buttons) and multiple choice (check boxes).

Options: ``choices``, a list of ``{"value": ..., "label": ...}``; multiple
choice also takes ``min`` and ``max`` selections.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhall.eforms.questions.base import (
    Question,
    QuestionType,
    int_option_errors,
    required_message,
)


def _choices(question: Question) -> list[tuple[str, str]]:
    return [(c["value"], c["label"]) for c in question.options.get("choices", [])]


class SingleChoice(QuestionType):
    key = "single_choice"
    label = _("Single choice")

    def options_errors(self, options: dict[str, Any]) -> list[str]:
        choices = options.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            return [gettext("A choice question needs at least two choices.")]
        if not all(
            isinstance(c, dict) and c.get("value") and c.get("label") for c in choices
        ):
            return [gettext("Every choice needs a value and a label.")]
        values = [c["value"] for c in choices]
        if len(set(values)) != len(values):
            return [gettext("Two choices have the same value.")]
        return []

    def fields(self, question: Question) -> dict[str, forms.Field]:
        return {
            "": forms.ChoiceField(
                choices=_choices(question),
                required=question.required,
                widget=forms.RadioSelect,
                error_messages={"required": required_message(question)},
            )
        }

    def display(self, question: Question, value: Any) -> str:
        return dict(_choices(question)).get(value, value or "")

    def csv_value(self, question: Question, value: Any) -> str:
        return value or ""


class MultipleChoice(SingleChoice):
    key = "multiple_choice"
    label = _("Multiple choice")

    def options_errors(self, options: dict[str, Any]) -> list[str]:
        return super().options_errors(options) + int_option_errors(
            options, "min", "max"
        )

    def fields(self, question: Question) -> dict[str, forms.Field]:
        return {
            "": forms.MultipleChoiceField(
                choices=_choices(question),
                required=question.required,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": required_message(question)},
            )
        }

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        values = list(parts.get("") or [])
        low, high = question.options.get("min"), question.options.get("max")
        if values and low is not None and len(values) < low:
            raise forms.ValidationError(
                gettext("Choose at least %(min)s.") % {"min": low}
            )
        if high is not None and len(values) > high:
            raise forms.ValidationError(
                gettext("Choose at most %(max)s.") % {"max": high}
            )
        return values or None

    def initial(self, question: Question, value: Any) -> dict[str, Any]:
        return {"": value or []}

    def display(self, question: Question, value: Any) -> str:
        labels = dict(_choices(question))
        return ", ".join(labels.get(item, item) for item in value or [])

    def csv_value(self, question: Question, value: Any) -> str:
        return ";".join(value or [])
