"""Lottery (抽選): a month of a facility's slots allocated by a reproducible
draw instead of first come.

A :class:`LotteryWindow` covers one month of one facility's rooms: residents
enter wishes (:class:`LotteryEntry`) between ``opens_at`` and ``closes_at``;
staff draw, then release the results, which reveals the seed whose SHA-256
hash was public since the window was created. Until release, the month's slots
cannot be booked first come.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel
from cityhall.reservations.models.bookings import Booking
from cityhall.reservations.models.facilities import Facility, Room
from cityhall.reservations.models.groups import Group


class LotteryWindow(PublicIdModel):
    """One month of one facility's slots, allocated by lottery."""

    class State(models.TextChoices):
        OPEN = "open", _("Accepting entries")
        DRAWN = "drawn", _("Drawn, results not released")
        RELEASED = "released", _("Results released")

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="lottery_windows"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    opens_at = models.DateTimeField(_("entries open"))
    closes_at = models.DateTimeField(_("entries close"))
    confirm_by = models.DateTimeField(_("winners pay by"))
    max_entries_per_resident = models.PositiveSmallIntegerField(
        _("entries per resident"), default=10
    )
    max_wins_per_resident = models.PositiveSmallIntegerField(
        _("slots won per resident"), default=4
    )
    max_wins_per_group = models.PositiveSmallIntegerField(
        _("slots won per group"), default=4
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.OPEN
    )
    #: Secret until release; its SHA-256 hex digest is public from the start.
    seed = models.CharField(max_length=64, editable=False)
    seed_sha256 = models.CharField(max_length=64, editable=False)
    #: The published result: the entries and the winners, as drawn.
    result = models.JSONField(default=dict, blank=True, editable=False)
    drawn_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lottery window")
        verbose_name_plural = _("lottery windows")
        ordering = ["-month", "facility", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "month"], name="lottery_one_window_per_month"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at"))
                & Q(closes_at__lt=models.F("confirm_by")),
                name="lottery_window_times_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.month:%Y-%m}"


class LotteryEntry(PublicIdModel):
    """One wish: a slot of one room on one day, for a resident (and
    optionally on behalf of a group)."""

    class State(models.TextChoices):
        ENTERED = "entered", _("Entered")
        WON = "won", _("Won")
        LOST = "lost", _("Not drawn")

    window = models.ForeignKey(
        LotteryWindow, on_delete=models.CASCADE, related_name="entries"
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lottery_entries",
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lottery_entries",
    )
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    slot_label = models.CharField(_("slot"), max_length=50, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.ENTERED
    )
    booking = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lottery entry")
        verbose_name_plural = _("lottery entries")
        ordering = ["date", "start", "room", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "resident", "room", "date", "start"],
                name="lottery_one_entry_per_resident_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.date} {self.start:%H:%M} {self.state}"
