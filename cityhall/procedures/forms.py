"""The 手続きナビ questionnaire: one fieldset per question, sent by GET so the
result has an address that can be bookmarked, shared or reloaded."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhall.procedures.rules import (
    MAX_AGE,
    MAX_CHILD_AGE,
    Answers,
    Insurance,
    LifeEventKind,
    Moving,
)

#: Children whose ages the questionnaire asks for.
CHILD_FIELDS = 5


class NaviForm(forms.Form):
    moving = forms.ChoiceField(
        label=_("Are you moving house?"),
        choices=Moving.choices,
        initial=Moving.NONE,
        widget=forms.RadioSelect,
    )
    events = forms.MultipleChoiceField(
        label=_("Is any of these happening in your household?"),
        choices=LifeEventKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
    )
    insurance = forms.ChoiceField(
        label=_("Which public health insurance does your household have?"),
        choices=Insurance.choices,
        initial=Insurance.UNKNOWN,
        widget=forms.RadioSelect,
    )
    age = forms.IntegerField(
        label=_("Your age"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        help_text=_("In years. Some procedures depend on age (pension, nursing care)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, CHILD_FIELDS + 1):
            self.fields[f"child_{number}"] = forms.IntegerField(
                label=_("Age of child %(number)s") % {"number": number},
                required=False,
                min_value=0,
                max_value=MAX_CHILD_AGE,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def child_fields(self):
        return [self[f"child_{number}"] for number in range(1, CHILD_FIELDS + 1)]

    def answers(self) -> Answers:
        """The valid form's answers (call after ``is_valid()``)."""
        data = self.cleaned_data
        ages = tuple(
            data[f"child_{number}"]
            for number in range(1, CHILD_FIELDS + 1)
            if data.get(f"child_{number}") is not None
        )
        return Answers(
            moving=data["moving"],
            events=frozenset(data["events"]),
            insurance=data["insurance"],
            child_ages=ages,
            age=data.get("age"),
        )
