"""Bookings (予約): one slot of one room held for one resident, or by the
city itself for its own events (``held_by_city``).

At most one *active* booking (provisional, confirmed, used, no-show) per
room, date and start time: a partial unique index, so two residents can never
hold the same slot however their requests interleave.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel
from cityhall.reservations.models.facilities import Blackout, Room

#: Booking states that hold their slot; the unique index covers exactly these.
ACTIVE_STATES = ("provisional", "confirmed", "used", "no_show")


class Booking(PublicIdModel):
    """One slot of one room held for one resident.

    provisional (仮予約) → confirmed (本予約) when its invoice is paid, or
    expired when ``payment_deadline`` passes unpaid; provisional or confirmed →
    cancelled by the resident; confirmed → used (利用実績) or no_show, recorded
    by staff. Staff may also cancel an active booking for the city (a blackout
    or a single override): ``cancelled_by`` and ``cancellation_reason`` say who
    and why, paid fees are refunded in full and the resident is notified
    (``notice_sent_at``). A booking ``held_by_city`` (市の行事) has no resident
    and no fee.
    """

    class State(models.TextChoices):
        PROVISIONAL = "provisional", _("Provisional (awaiting payment)")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired (not paid in time)")
        USED = "used", _("Used")
        NO_SHOW = "no_show", _("Not used (no-show)")

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
    )
    date = models.DateField(_("date"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    slot_label = models.CharField(_("slot"), max_length=50, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PROVISIONAL
    )
    payment_deadline = models.DateTimeField(_("pay by"), null=True, blank=True)
    fee = models.PositiveIntegerField(_("fee (yen)"))
    # The fee's breakdown (使用料 + 付属設備 − 減免 = fee), fixed when booked.
    base_fee = models.PositiveIntegerField(_("room fee (yen)"), default=0)
    equipment_fee = models.PositiveIntegerField(_("equipment fees (yen)"), default=0)
    reduction_amount = models.PositiveIntegerField(_("reduction (yen)"), default=0)
    #: [{"name": ..., "fee": ...}] of the equipment chosen, as priced then.
    equipment_lines = models.JSONField(default=list, blank=True)
    reduction_code = models.CharField(max_length=50, blank=True)
    reduction_name = models.CharField(_("fee reduction"), max_length=200, blank=True)
    non_resident_rate = models.BooleanField(default=False)
    invoice = models.ForeignKey(
        "payments.Invoice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancellation_policy = models.JSONField(default=dict)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    attendees = models.PositiveIntegerField(_("attendees"), null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    refunded_amount = models.PositiveIntegerField(default=0)
    held_by_city = models.BooleanField(_("held by the city"), default=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The staff member who cancelled the booking for the city."),
    )
    cancellation_reason = models.CharField(
        _("reason for cancellation"), max_length=200, blank=True
    )
    blackout = models.ForeignKey(
        Blackout,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cancelled_bookings",
    )
    notice_sent_at = models.DateTimeField(null=True, blank=True)
    usage_recorded_at = models.DateTimeField(null=True, blank=True)
    usage_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["date", "start", "id"]
        permissions = [
            ("manage_bookings", "Can manage facility bookings in the staff console"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "date", "start"],
                condition=Q(state__in=ACTIVE_STATES),
                name="booking_one_active_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="booking_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=models.F("fee")),
                name="booking_refund_within_fee",
            ),
            models.CheckConstraint(
                condition=Q(held_by_city=False) | Q(fee=0, resident__isnull=True),
                name="booking_city_without_resident_or_fee",
            ),
        ]
        indexes = [
            models.Index(fields=["room", "date"], name="booking_room_date"),
            models.Index(
                fields=["state", "payment_deadline"], name="booking_state_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.date} {self.start:%H:%M} {self.state}"
