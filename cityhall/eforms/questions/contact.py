"""Phone number and e-mail address."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhall.common.normalize import is_valid_phone, normalize_phone
from cityhall.eforms.questions.base import Question, QuestionType, required_message


class Phone(QuestionType):
    key = "phone"
    label = _("Phone number")

    def fields(self, question: Question) -> dict[str, forms.Field]:
        return {
            "": forms.CharField(
                required=question.required,
                max_length=20,
                error_messages={"required": required_message(question)},
                widget=forms.TextInput(
                    attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
                ),
            )
        }

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        text = normalize_phone(parts.get("") or "")
        if not text:
            return None
        if not is_valid_phone(text):
            raise forms.ValidationError(
                gettext("Enter a phone number of 10 or 11 digits, like 0287-23-1111.")
            )
        return text


class Email(QuestionType):
    key = "email"
    label = _("E-mail address")

    def fields(self, question: Question) -> dict[str, forms.Field]:
        return {
            "": forms.EmailField(
                required=question.required,
                error_messages={
                    "required": required_message(question),
                    "invalid": gettext("Enter an e-mail address like name@example.jp."),
                },
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )
        }


class Consent(QuestionType):
    """A statement the resident must agree to (同意); ``options.statement``
    is the text next to the check box."""

    key = "consent"
    label = _("Consent")

    def options_errors(self, options: dict[str, Any]) -> list[str]:
        if not options.get("statement"):
            return [gettext("A consent question needs the statement to agree to.")]
        return []

    def fields(self, question: Question) -> dict[str, forms.Field]:
        return {
            "": forms.BooleanField(
                label=question.options.get("statement", ""),
                required=question.required,
                error_messages={"required": required_message(question)},
            )
        }

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        return True if parts.get("") else None

    def display(self, question: Question, value: Any) -> str:
        return gettext("Agreed") if value else ""

    def csv_value(self, question: Question, value: Any) -> str:
        return "1" if value else ""
