"""Groups (団体登録): residents' clubs and associations registered to book
and to enter lotteries as a group.

A resident registers a group with its members and a representative; staff
approve it (or reject it with a reason). A registration is valid until the end
of the fiscal year it was approved or renewed in (3月31日) and the resident
renews it. Likely duplicates (same normalised address, phone or representative
name as another group) are flagged for staff, never refused. The category is
what fee-reduction (減免) rules key on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel, TimeStampedModel


class Group(PublicIdModel):
    """A registered group (登録団体) with its representative (代表者)."""

    class Category(models.TextChoices):
        GENERAL = "general", _("General group")
        SENIORS_CLUB = "seniors_club", _("Seniors' club")
        DISABILITY = "disability", _("Disability group")
        CHILDREN_YOUTH = "children_youth", _("Children's or youth group")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood association")
        OTHER = "other", _("Other group")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registered_groups",
    )
    name = models.CharField(_("group name"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    representative_name = models.CharField(_("representative"), max_length=100)
    address = models.CharField(_("address"), max_length=300)
    phone = models.CharField(_("phone"), max_length=30)
    #: NFKC, without spaces or hyphens, lower case: what duplicates compare.
    address_key = models.CharField(max_length=300, db_index=True, editable=False)
    phone_key = models.CharField(max_length=30, db_index=True, editable=False)
    representative_key = models.CharField(max_length=100, db_index=True, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    possible_duplicate = models.BooleanField(_("possible duplicate"), default=False)
    duplicate_reasons = models.JSONField(default=list, blank=True)
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=500, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["state", "valid_until"], name="group_state_valid")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(TimeStampedModel):
    """A member of a group; ``user`` is set when the member has an account
    (then they may enter lotteries on the group's behalf)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_memberships",
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "id"]

    def __str__(self) -> str:
        return self.name
