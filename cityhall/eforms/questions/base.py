"""What every question type offers the form builder and the resident flow.

A question in a form definition is a dict (``id``, ``type``, ``label``,
``hint``, ``required``, ``options``). Its type, registered in
:mod:`cityhall.eforms.questions`, turns it into Django form fields (one or
several "parts", e.g. family and given name), cleans the parts into one JSON
value, shows that value on the check-your-answers page and to staff, writes it
as plain text for CSV, and says whether a branching rule matches it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext


@dataclass(frozen=True)
class Question:
    """One question of a form version's definition."""

    id: str
    type: str
    label: str
    hint: str = ""
    required: bool = True
    options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_definition(cls, data: dict[str, Any]) -> Question:
        return cls(
            id=data["id"],
            type=data["type"],
            label=data["label"],
            hint=data.get("hint", ""),
            required=data.get("required", True),
            options=dict(data.get("options") or {}),
        )


def required_message(question: Question) -> str:
    return gettext("Answer the question “%(question)s”.") % {"question": question.label}


class QuestionType:
    """A kind of question. Subclasses override what differs from one text field."""

    key: str = ""
    label: str | Promise = ""

    def options_errors(self, options: dict[str, Any]) -> list[str]:
        """Problems with ``options`` in a definition (empty when valid)."""
        return []

    def fields(self, question: Question) -> dict[str, forms.Field]:
        """The form fields by part name (``""``: the one part of a simple question)."""
        return {"": forms.CharField(required=question.required, max_length=200)}

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        """One JSON value from the cleaned parts; raise ValidationError (a dict
        keyed by part for errors on one part). None when not answered."""
        value = parts.get("")
        return value if value not in (None, "", [], False) else None

    def initial(self, question: Question, value: Any) -> dict[str, Any]:
        """The parts' initial values for a stored answer."""
        return {"": value}

    def display(self, question: Question, value: Any) -> str:
        """The answer as residents and staff read it."""
        return "" if value is None else str(value)

    def csv_value(self, question: Question, value: Any) -> str:
        """The answer as one plain-text cell."""
        return self.display(question, value)

    def matches(self, value: Any, operator: str, target: str) -> bool:
        """Whether a branching rule (``equals`` / ``contains``) holds for ``value``."""
        if value is None:
            return False
        if operator == "contains":
            if isinstance(value, list):
                return target in [str(item) for item in value]
            return target in str(value)
        return str(value) == target


def error_for_part(part: str, message: str) -> ValidationError:
    """A validation error attached to one part of a composite question."""
    return ValidationError({part: [message]})


def int_option_errors(options: dict[str, Any], *names: str) -> list[str]:
    """Errors for options that must be whole numbers when present."""
    return [
        gettext("The option “%(name)s” must be a whole number.") % {"name": name}
        for name in names
        if name in options
        and not (isinstance(options[name], int) and not isinstance(options[name], bool))
    ]
