"""Reads of electronic applications, scoped to who asks.

A resident reaches only their own drafts and submissions, a guest only the
drafts their mailed link opened in this browser; anything else is "not
found", exactly like an unknown id.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cityhall.eforms.models import Draft, Form, Submission


def form_get_open(*, slug: str) -> Form | None:
    """The published form at ``slug`` with its live version, or None."""
    return (
        Form.objects.select_related("live_version", "department")
        .filter(slug=slug, state=Form.State.PUBLISHED)
        .first()
    )


def _live_drafts() -> QuerySet[Draft]:
    return Draft.objects.select_related("form_version__form").filter(
        submitted_at__isnull=True, expires_at__gt=timezone.now()
    )


def draft_get_for_user(*, user: Any, public_id: uuid.UUID) -> Draft | None:
    """The signed-in resident's own live draft ``public_id``, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _live_drafts().filter(owner=user, public_id=public_id).first()


def draft_get_for_guest(*, public_id: uuid.UUID, opened: Iterable[str]) -> Draft | None:
    """A guest's live, verified draft, if this browser opened its link
    (``opened``: the draft ids the session holds), or None."""
    if str(public_id) not in set(opened):
        return None
    return (
        _live_drafts()
        .filter(
            public_id=public_id, owner__isnull=True, guest_verified_at__isnull=False
        )
        .first()
    )


def draft_get_by_public_id(*, public_id: uuid.UUID) -> Draft | None:
    """Any live guest draft by id (for the mailed link, which carries a signed id)."""
    return _live_drafts().filter(public_id=public_id, owner__isnull=True).first()


def draft_list_for_user(*, user: Any) -> QuerySet[Draft]:
    """The resident's live drafts, most recently saved first."""
    return _live_drafts().filter(owner=user).order_by("-updated_at")


def submission_list_for_user(*, user: Any) -> QuerySet[Submission]:
    """The resident's submissions, newest first."""
    return Submission.objects.select_related("form").filter(applicant=user)


def submission_get_for_user(*, user: Any, public_id: uuid.UUID) -> Submission | None:
    """The resident's own submission ``public_id`` with its history, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Submission.objects.select_related("form", "form_version")
        .prefetch_related("events")
        .filter(applicant=user, public_id=public_id)
        .first()
    )


def submission_get_for_guest(
    *, public_id: uuid.UUID, submitted: Iterable[str]
) -> Submission | None:
    """A submission this browser's guest session made, or None."""
    if str(public_id) not in set(submitted):
        return None
    return (
        Submission.objects.select_related("form", "form_version")
        .filter(public_id=public_id, applicant__isnull=True)
        .first()
    )
