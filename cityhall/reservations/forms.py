"""Forms of the reservations pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhall.reservations.services.booking import MAX_PURPOSE_LENGTH


class BookingConfirmForm(forms.Form):
    """The confirmation step before a provisional booking: what for and how
    many people. The slot travels as its signed id."""

    slot = forms.CharField(widget=forms.HiddenInput, max_length=500)
    purpose = forms.CharField(
        label=_("Purpose"),
        help_text=_("For example: neighbourhood association meeting."),
        max_length=MAX_PURPOSE_LENGTH,
        required=False,
    )

    def __init__(self, *args, capacity: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"] = forms.IntegerField(
            label=_("Number of attendees"),
            help_text=_("At most %(capacity)s people.") % {"capacity": capacity},
            min_value=1,
            max_value=capacity,
            required=False,
        )
