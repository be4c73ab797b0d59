"""Facilities, their rooms, slot blocks and blackouts (施設・部屋).

* a :class:`Facility` (公民館, 体育館, …) has opening hours, closed weekdays
  and whether it closes on national holidays (振替休日 and 国民の休日
  included, see :mod:`cityhall.reservations.holidays`);
* a :class:`Room` is what is booked, one slot at a time, by fixed blocks
  (:class:`SlotBlock`: 午前/午後/夜間) or by the hour within opening hours;
* a :class:`Blackout` takes a room out of use (the city's own events).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel, TimeStampedModel


def default_cancellation_policy() -> dict:
    """The refund a resident gets when they cancel a paid booking: the first
    rule whose ``days_before`` the cancellation is at least gets
    ``refund_percent`` of the fee (rounded down to the yen)."""
    return {
        "rules": [
            {"days_before": 7, "refund_percent": 100},
            {"days_before": 1, "refund_percent": 50},
            {"days_before": 0, "refund_percent": 0},
        ]
    }


class Facility(PublicIdModel):
    """A public facility residents can book rooms in."""

    class Kind(models.TextChoices):
        COMMUNITY_CENTRE = "community_centre", _("Community centre")
        GYMNASIUM = "gymnasium", _("Gymnasium")
        SPORTS_GROUND = "sports_ground", _("Sports ground")
        TENNIS_COURT = "tennis_court", _("Tennis court")
        OTHER = "other", _("Other facility")

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    district = models.ForeignKey(
        "core.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, accessible toilets, parking, hearing loops."),
    )
    equipment = models.TextField(_("equipment"), blank=True)
    opens_at = models.TimeField(_("opens at"), default=dt.time(9, 0))
    closes_at = models.TimeField(_("closes at"), default=dt.time(21, 0))
    closed_weekdays = models.JSONField(
        _("closed weekdays"),
        default=list,
        blank=True,
        help_text=_("Weekday numbers the facility is closed on: 0 Monday … 6 Sunday."),
    )
    closed_on_national_holidays = models.BooleanField(
        _("closed on national holidays"), default=False
    )
    cancellation_policy = models.JSONField(
        _("cancellation policy"), default=default_cancellation_policy
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")),
                name="facility_opens_before_closing",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Room(PublicIdModel):
    """A bookable room, court or ground of a facility."""

    class SlotScheme(models.TextChoices):
        BLOCKS = "blocks", _("Fixed blocks (morning, afternoon, evening)")
        HOURLY = "hourly", _("By the hour")

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"))
    slot_scheme = models.CharField(
        _("slot scheme"),
        max_length=10,
        choices=SlotScheme.choices,
        default=SlotScheme.BLOCKS,
    )
    resident_fee = models.PositiveIntegerField(_("fee per slot for residents (yen)"))
    non_resident_fee = models.PositiveIntegerField(
        _("fee per slot for non-residents (yen)")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["facility", "sort_order", "name"]

    def __str__(self) -> str:
        return f"{self.facility.name} {self.name}"


class SlotBlock(TimeStampedModel):
    """One fixed block of a room with the block scheme, e.g. 午前 9:00–12:00."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="blocks")
    label = models.CharField(_("label"), max_length=50)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))

    class Meta:
        verbose_name = _("slot block")
        verbose_name_plural = _("slot blocks")
        ordering = ["room", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")),
                name="slot_block_start_before_end",
            ),
            models.UniqueConstraint(
                fields=["room", "start"], name="slot_block_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.start:%H:%M}–{self.end:%H:%M}"


class Blackout(TimeStampedModel):
    """A period when a room cannot be booked (the city uses it, repairs)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="blackouts")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("blackout")
        verbose_name_plural = _("blackouts")
        ordering = ["room", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")),
                name="blackout_starts_before_end",
            ),
        ]
