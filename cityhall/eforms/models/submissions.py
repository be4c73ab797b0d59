"""A submitted application (申請) and its status history.

A submission copies the answers of the pages on the resident's path and points
at the form version they answered, so later changes to the form never alter
it. Its status moves 受付 → 審査中 → 補正依頼 → 完了 / 却下; each change is a
:class:`SubmissionEvent` with who and why, and mails the applicant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityhall.common.models import PublicIdModel, TimeStampedModel


class Submission(PublicIdModel):
    """One application received through a form version."""

    class Status(models.TextChoices):
        # Own context: "Received" elsewhere is a time column (受信日時).
        RECEIVED = "received", pgettext_lazy("application status", "Received")
        IN_REVIEW = "in_review", _("In review")
        CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")

    form_version = models.ForeignKey(
        "eforms.FormVersion", on_delete=models.PROTECT, related_name="submissions"
    )
    # Denormalised from the version: the staff queue filters by department.
    form = models.ForeignKey(
        "eforms.Form", on_delete=models.PROTECT, related_name="submissions"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eform_submissions",
    )
    applicant_email = models.EmailField(_("applicant's e-mail"))
    reference_number = models.CharField(_("reference number"), max_length=20)
    # The draft it came from: submitting the same draft twice is refused by
    # the database, not only by the view.
    draft_public_id = models.UUIDField(null=True, blank=True)
    answers = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.RECEIVED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    status_changed_at = models.DateTimeField(_("status changed at"))

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_number"], name="eforms_submission_unique_reference"
            ),
            models.UniqueConstraint(
                fields=["draft_public_id"], name="eforms_submission_one_per_draft"
            ),
            models.CheckConstraint(
                condition=~models.Q(applicant_email=""),
                name="eforms_submission_has_email",
            ),
        ]
        indexes = [
            models.Index(fields=["form", "status"], name="eforms_submission_queue"),
        ]

    def __str__(self) -> str:
        return self.reference_number


class SubmissionEvent(TimeStampedModel):
    """One status change of a submission: from, to, who, why; mailed once."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        max_length=30, choices=Submission.Status.choices, blank=True
    )
    to_status = models.CharField(max_length=30, choices=Submission.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")
        ordering = ["submission", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")),
                name="eforms_event_changes_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
