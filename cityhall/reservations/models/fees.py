"""Fees beyond the room's rate: equipment (付属設備) and fee reductions (減免).

* an :class:`Equipment` item (projector, piano, scoreboard) belongs to a
  facility, optionally to one room, and costs a fee per slot when chosen;
* a :class:`FeeReduction` is a declarative 減免 rule: for applicants of one
  category (``applies_to_category``, the vocabulary of the groups'
  ``Group.Category``: ``seniors_club``, ``disability``, ``children_youth``…) it takes
  a percentage off, or exempts the fee in full, rounded as the rule says, and
  may require evidence;
* a :class:`ReductionReview` holds the evidence a resident uploaded for one
  booking and the staff decision on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel
from cityhall.core.models.translated import TranslatedNameMixin
from cityhall.reservations.models.bookings import Booking
from cityhall.reservations.models.facilities import Facility, Room
from cityhall.reservations.models.groups import Group


class Equipment(TranslatedNameMixin, PublicIdModel):
    """An item a resident can add to a booking for a fee per slot."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="equipment_items"
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="equipment_items",
        help_text=_("Leave empty when every room of the facility can use it."),
    )
    fee = models.PositiveIntegerField(_("fee per slot (yen)"))
    is_active = models.BooleanField(_("available"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment items")
        ordering = ["facility", "sort_order", "name"]


class FeeReduction(TranslatedNameMixin, PublicIdModel):
    """A fee reduction rule (減免): who it applies to and how much it takes off."""

    class Kind(models.TextChoices):
        PERCENT = "percent", _("Percentage off")
        EXEMPT = "exempt", _("Full exemption")

    class Rounding(models.TextChoices):
        FLOOR_1 = "floor_1", _("Round down to the yen")
        ROUND_1 = "round_1", _("Round to the nearest yen")
        CEIL_1 = "ceil_1", _("Round up to the yen")
        FLOOR_10 = "floor_10", _("Round down to 10 yen")
        ROUND_10 = "round_10", _("Round to the nearest 10 yen")
        CEIL_10 = "ceil_10", _("Round up to 10 yen")

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=50)
    applies_to_category = models.CharField(
        _("applicant category"),
        max_length=30,
        choices=Group.Category.choices,
        help_text=_("The group category it applies to."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    percent = models.PositiveSmallIntegerField(
        _("percentage off"), default=0, help_text=_("0 to 100; ignored for exemptions.")
    )
    rounding = models.CharField(
        _("rounding of the reduced fee"),
        max_length=10,
        choices=Rounding.choices,
        default=Rounding.FLOOR_1,
    )
    includes_equipment = models.BooleanField(
        _("also reduces equipment fees"), default=True
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    is_active = models.BooleanField(_("in force"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("fee reduction rule")
        verbose_name_plural = _("fee reduction rules")
        ordering = ["municipality", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="fee_reduction_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="fee_reduction_percent_max_100"
            ),
        ]


class ReductionReview(PublicIdModel):
    """The evidence for one booking's reduction and the staff decision on it.

    While ``pending`` the booking is provisional without an invoice or payment
    deadline (it holds its slot); approval bills the reduced fee (or confirms a
    full exemption), rejection bills the full fee.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected (full fee)")

    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, related_name="reduction_review"
    )
    evidence = models.FileField(_("evidence"), upload_to="reservations/evidence/%Y/%m")
    evidence_name = models.CharField(max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note to the resident"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("fee reduction review")
        verbose_name_plural = _("fee reduction reviews")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="reduction_status")
        ]
