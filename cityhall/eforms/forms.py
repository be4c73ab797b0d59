"""Django forms of the resident flow: one page of questions, the guest's
e-mail address, and the staff's status change.

A page form has one field per question part, named ``<question>`` or
``<question>__<part>``; ``clean`` asks each question's type for its value and
leaves the answers in ``answers``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityhall.eforms.definition import Page
from cityhall.eforms.models import Submission
from cityhall.eforms.questions import Question, question_type
from cityhall.eforms.questions.address import Address


def field_name(question: Question, part: str) -> str:
    return f"{question.id}__{part}" if part else question.id


@dataclass
class BoundQuestion:
    """A question with its bound fields, as the template renders it."""

    question: Question
    fields: list[forms.BoundField]
    answer: Any = None

    @property
    def single(self) -> bool:
        return len(self.fields) == 1

    @property
    def answer_display(self) -> str:
        return question_type(self.question.type).display(self.question, self.answer)

    @property
    def errors(self) -> list[str]:
        return [str(error) for bf in self.fields for error in bf.errors]


def field_anchor(bound: forms.BoundField) -> str:
    """The id an error summary links to (the first radio button or box of a list)."""
    if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return bound.auto_id


class PageForm(forms.Form):
    """The questions of one page; ``answers`` after ``is_valid()``."""

    def __init__(self, *args: Any, page: Page, answers: dict[str, Any], **kwargs: Any):
        initial = {}
        for question in page.questions:
            kind = question_type(question.type)
            if question.id in answers:
                for part, value in kind.initial(question, answers[question.id]).items():
                    initial[field_name(question, part)] = value
        super().__init__(*args, initial=initial, **kwargs)  # type: ignore[misc]
        self.page = page
        self.previous = answers
        self.answers: dict[str, Any] = {}
        for question in page.questions:
            for part, field in question_type(question.type).fields(question).items():
                if not part:
                    field.label = question.label
                self.fields[field_name(question, part)] = field

    def bound_questions(self) -> list[BoundQuestion]:
        return [
            BoundQuestion(
                question,
                [
                    self[field_name(question, part)]
                    for part in question_type(question.type).fields(question)
                ],
                self.previous.get(question.id),
            )
            for question in self.page.questions
        ]

    def fill_addresses(self) -> bool:
        """Fill address parts from their postal codes ("Find address");
        True when one was found. Re-binds the form with the filled data."""
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
        found_any = False
        for question in self.page.questions:
            kind = question_type(question.type)
            if not isinstance(kind, Address):
                continue
            names = {part: field_name(question, part) for part in kind.fields(question)}
            filled, found = kind.fill({p: data.get(n, "") for p, n in names.items()})
            found_any = found_any or found
            for part, name in names.items():
                data[name] = filled.get(part, "")
        self.data = data
        return found_any

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.page.questions:
            kind = question_type(question.type)
            parts_fields = kind.fields(question)
            names = {part: field_name(question, part) for part in parts_fields}
            if any(name in self.errors for name in names.values()):
                continue
            parts = {part: cleaned.get(name) for part, name in names.items()}
            # A type that keeps an earlier answer when nothing new is given
            # (a file already sent) finds it here.
            parts["_previous"] = self.previous.get(question.id)
            try:
                self.answers[question.id] = kind.clean(question, parts)
            except ValidationError as error:
                first = next(iter(names.values()))
                if hasattr(error, "error_dict"):
                    for part, messages in error.message_dict.items():
                        self.add_error(names.get(part, first), messages)
                else:
                    self.add_error(first, error.messages)
        return cleaned


class GuestEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to this address; open it to fill in the form."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


#: The changes staff may make from each status.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Submission.Status.RECEIVED: (
        Submission.Status.IN_REVIEW,
        Submission.Status.REJECTED,
    ),
    Submission.Status.IN_REVIEW: (
        Submission.Status.CORRECTION_REQUESTED,
        Submission.Status.COMPLETED,
        Submission.Status.REJECTED,
    ),
    Submission.Status.CORRECTION_REQUESTED: (
        Submission.Status.IN_REVIEW,
        Submission.Status.REJECTED,
    ),
}


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Sent to the applicant with the new status."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        labels = dict(Submission.Status.choices)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, labels[value]) for value in TRANSITIONS.get(current, ())
        ]
