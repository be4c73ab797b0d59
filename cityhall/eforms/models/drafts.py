"""A resident's answers in progress (下書き), kept on the server.

Every "Continue" saves the page's answers here, so an application can be
resumed on another device: a signed-in resident through their account, a guest
through a signed link mailed to the address they gave. ``history`` is the stack
of pages actually visited, so "Back" returns to the page the resident came
from, whatever branching took them there.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel

#: A draft lives this long after its last save (the issue asks for 30 days at least).
DRAFT_LIFETIME = dt.timedelta(days=30)


class Draft(PublicIdModel):
    """Answers to one form version by one resident (account) or guest (e-mail)."""

    form_version = models.ForeignKey(
        "eforms.FormVersion", on_delete=models.PROTECT, related_name="drafts"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="eform_drafts",
    )
    guest_email = models.EmailField(_("e-mail"), blank=True)
    guest_verified_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    #: Page ids in the order visited; the last one is where the resident is.
    history = models.JSONField(default=list, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application draft")
        verbose_name_plural = _("application drafts")
        ordering = ["-updated_at"]
        constraints = [
            # Exactly one of: an account, a guest's e-mail address.
            models.CheckConstraint(
                condition=(
                    models.Q(owner__isnull=False, guest_email="")
                    | (models.Q(owner__isnull=True) & ~models.Q(guest_email=""))
                ),
                name="eforms_draft_owner_xor_guest",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="eforms_draft_expires_after_creation",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "submitted_at"], name="eforms_draft_owner"),
            models.Index(fields=["guest_email"], name="eforms_draft_guest"),
        ]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def current_page(self) -> str | None:
        return self.history[-1] if self.history else None
