"""Forms of the reservations console. Each only parses input; services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from cityhall.reservations.models import Booking, Facility, Room

# Django's own weekday names, already translated in every language.
WEEKDAY_CHOICES = sorted(WEEKDAYS.items())


class _RoomChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.facility.name} — {obj.name}"


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


def _rooms() -> Any:
    return Room.objects.select_related("facility").order_by(
        "facility__sort_order", "facility__name", "sort_order", "name"
    )


class _RangeForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        elif start and end and (end - start).days > 92:
            self.add_error("date_to", _("Show at most 93 days at once."))
        return data


class BookingFilterForm(_RangeForm):
    """Facility, date range, and optionally state and room, of the list."""

    facility = forms.ModelChoiceField(
        label=_("Facility"),
        queryset=Facility.objects.order_by("sort_order", "name"),
        to_field_name="public_id",
    )
    date_from = _date(_("From"))
    date_to = _date(_("To"))
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state")), *Booking.State.choices],
    )
    room = _RoomChoice(
        label=_("Room"),
        queryset=_rooms(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Any room"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        room, facility = data.get("room"), data.get("facility")
        if (
            room is not None
            and facility is not None
            and room.facility_id != facility.pk
        ):
            self.add_error("room", _("This room is not in the chosen facility."))
        return data


class UsageForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Usage"),
        choices=[
            (Booking.State.USED, _("Used")),
            (Booking.State.NO_SHOW, _("Not used (no-show)")),
        ],
        widget=forms.RadioSelect,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason residents will be told"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BlackoutForm(forms.Form):
    room = _RoomChoice(label=_("Room"), queryset=_rooms(), to_field_name="public_id")
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(
        label=_("Reason residents will be told"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecurringRoomForm(forms.Form):
    room = _RoomChoice(label=_("Room"), queryset=_rooms(), to_field_name="public_id")


class RecurringForm(_RangeForm):
    """The city's recurring booking of one room; ``room`` gives its slots."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    starts = forms.MultipleChoiceField(
        label=_("Slots"), widget=forms.CheckboxSelectMultiple
    )
    date_from = _date(_("From"))
    date_to = _date(_("To"))
    purpose = forms.CharField(label=_("Event"), max_length=200)

    def __init__(self, *args: Any, slots: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts"].choices = [
            (s.start.strftime("%H:%M"), f"{s.label} {s.start:%H:%M}–{s.end:%H:%M}")
            for s in slots
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and (end - start).days > 365:
            self.add_error("date_to", _("Book at most 366 days at once."))
        return data

    def clean_starts(self) -> set[dt.time]:
        return {dt.time.fromisoformat(s) for s in self.cleaned_data["starts"]}


class UtilisationForm(forms.Form):
    facility = forms.ModelChoiceField(
        label=_("Facility"),
        queryset=Facility.objects.order_by("sort_order", "name"),
        to_field_name="public_id",
    )
    month_from = forms.DateField(
        label=_("From month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    month_to = forms.DateField(
        label=_("To month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("month_from"), data.get("month_to")
        if start and end:
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            if months < 1:
                self.add_error(
                    "month_to", _("The end month is before the start month.")
                )
            elif months > 12:
                self.add_error("month_to", _("Show at most 12 months at once."))
        return data


def fiscal_year_start(today: dt.date | None = None) -> dt.date:
    """The first day of the current fiscal year (1 April)."""
    today = today or timezone.localdate()
    return dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
