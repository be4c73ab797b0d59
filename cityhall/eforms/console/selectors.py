"""Reads of the applications console, scoped to the staff's departments."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from cityhall.eforms.models import Submission

OPEN_STATUSES = (
    Submission.Status.RECEIVED,
    Submission.Status.IN_REVIEW,
    Submission.Status.CORRECTION_REQUESTED,
)


def queue_for_departments(
    *, department_ids: list[int], status: str = ""
) -> QuerySet[Submission]:
    """Applications to the departments' forms, oldest first; open ones by
    default, or those in ``status``."""
    statuses = (status,) if status else OPEN_STATUSES
    return (
        Submission.objects.select_related("form", "form__department")
        .filter(form__department_id__in=department_ids, status__in=statuses)
        .order_by("submitted_at", "id")
    )


def submission_get_for_departments(
    *, department_ids: list[int], public_id: uuid.UUID
) -> Submission | None:
    """One application to the departments' forms with its history, or None."""
    return (
        Submission.objects.select_related("form", "form_version", "applicant")
        .prefetch_related("events__actor")
        .filter(form__department_id__in=department_ids, public_id=public_id)
        .first()
    )
