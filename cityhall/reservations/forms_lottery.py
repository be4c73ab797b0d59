"""Forms of the group (団体登録) and lottery (抽選) pages, resident and staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cityhall.reservations.models import Group


class GroupRegisterForm(forms.Form):
    """Register a group: name, category, representative, contact, members."""

    name = forms.CharField(label=_("Group name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Group.Category.choices)
    representative_name = forms.CharField(label=_("Representative"), max_length=100)
    address = forms.CharField(label=_("Address of the representative"), max_length=300)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    members = forms.CharField(
        label=_("Other members"),
        help_text=_("One name per line."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

    def member_names(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("members", "").splitlines()
            if line.strip()
        ]


class GroupRejectForm(forms.Form):
    """Staff: why a group is rejected (the resident sees it)."""

    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _day_label(day: dt.date) -> str:
    return f"{date_format(day, 'MONTH_DAY_FORMAT')} ({WEEKDAYS[day.weekday()]})"


class LotteryEntryForm(forms.Form):
    """One wish: room, date and slot of the window's month, and optionally
    the group it is for."""

    def __init__(
        self,
        *args: Any,
        rooms: list[tuple[str, str]],
        starts: list[tuple[str, str]],
        groups: list[tuple[str, str]],
        days: list[dt.date],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"] = forms.ChoiceField(label=_("Room"), choices=rooms)
        # A list of the month's days rather than a date picker: chosen by
        # keyboard or screen reader in one step, and never outside the month.
        self.fields["date"] = forms.TypedChoiceField(
            label=_("Date"),
            choices=[(day.isoformat(), _day_label(day)) for day in days],
            coerce=dt.date.fromisoformat,
        )
        self.fields["start"] = forms.ChoiceField(label=_("Time slot"), choices=starts)
        self.fields["group"] = forms.ChoiceField(
            label=_("Enter for a group"),
            choices=[("", _("No, for myself")), *groups],
            required=False,
        )


class LotteryWindowForm(forms.Form):
    """Staff: open a lottery for one month of one facility."""

    def __init__(self, *args: Any, facilities: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["facility"] = forms.ChoiceField(
            label=_("Facility"), choices=facilities
        )
        self.order_fields(["facility"])

    month = forms.DateField(
        label=_("Month"),
        help_text=_("Any day of the month the lottery allocates."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    opens_at = forms.DateTimeField(
        label=_("Entries open"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    closes_at = forms.DateTimeField(
        label=_("Entries close"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    confirm_by = forms.DateTimeField(
        label=_("Winners pay by"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    max_entries_per_resident = forms.IntegerField(
        label=_("Entries per resident"), min_value=1, max_value=100, initial=10
    )
    max_wins_per_resident = forms.IntegerField(
        label=_("Slots won per resident"), min_value=1, max_value=100, initial=4
    )
    max_wins_per_group = forms.IntegerField(
        label=_("Slots won per group"), min_value=1, max_value=100, initial=4
    )
