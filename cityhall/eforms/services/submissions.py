"""Submitting a draft and moving a submission through its statuses.

受付 (received) → 審査中 (in review) → 補正依頼 (correction requested) →
完了 (completed) / 却下 (rejected). Each change is a SubmissionEvent with the
actor and reason, is audited, and mails the applicant after commit.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from cityhall.core.services.audit import audit_log
from cityhall.eforms.definition import definition_parse
from cityhall.eforms.errors import DraftNotReadyError, StatusChangeError
from cityhall.eforms.forms import TRANSITIONS
from cityhall.eforms.models import Draft, Submission, SubmissionEvent
from cityhall.eforms.services.drafts import draft_is_complete

#: No 0/O, 1/I: residents read the number out on the phone.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
#: Statuses that need a reason the applicant can act on.
REASON_REQUIRED = frozenset(
    {Submission.Status.CORRECTION_REQUESTED, Submission.Status.REJECTED}
)


def reference_number_make() -> str:
    """A reference like ``EF261203-7KQ2MX``: the date, then 6 random characters."""
    day = timezone.localdate().strftime("%y%m%d")
    return f"EF{day}-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def answers_on_path(draft: Draft) -> dict[str, Any]:
    """The draft's answers to the questions on its current path only."""
    definition = definition_parse(draft.form_version.definition)
    return {
        q.id: draft.answers.get(q.id)
        for page in definition.path(draft.answers)
        for q in page.questions
    }


def _event_mail_after_commit(event: SubmissionEvent) -> None:
    from cityhall.eforms.tasks import submission_event_mail

    event_id = event.pk
    transaction.on_commit(lambda: submission_event_mail.enqueue(event_id))


@transaction.atomic
def submission_create(*, draft: Draft) -> Submission:
    """Submit ``draft``: copy the answers on its path, give a reference number,
    record the 受付 event and mail the applicant. A draft is submitted once
    (a database constraint refuses the second)."""
    locked = (
        # Only the draft row is locked: PostgreSQL cannot lock the nullable
        # side (owner) of the outer join.
        Draft.objects.select_for_update(of=("self",))
        .select_related("form_version", "owner")
        .get(pk=draft.pk)
    )
    if locked.submitted_at is not None or not draft_is_complete(locked):
        raise DraftNotReadyError(
            gettext("This application is not ready to submit or was already sent.")
        )
    now = timezone.now()
    email = locked.owner.email if locked.owner else locked.guest_email
    for _attempt in range(5):
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    form_version=locked.form_version,
                    form_id=locked.form_version.form_id,
                    applicant=locked.owner,
                    applicant_email=email,
                    reference_number=reference_number_make(),
                    draft_public_id=locked.public_id,
                    answers=answers_on_path(locked),
                    submitted_at=now,
                    status_changed_at=now,
                )
            break
        except IntegrityError:
            if Submission.objects.filter(draft_public_id=locked.public_id).exists():
                raise
            continue  # a reference number collision: draw another
    else:  # pragma: no cover - 32^6 numbers a day
        raise RuntimeError("Could not draw a free reference number.")
    locked.submitted_at = now
    locked.save(update_fields=["submitted_at", "updated_at"])
    event = SubmissionEvent.objects.create(
        submission=submission, from_status="", to_status=submission.status
    )
    _event_mail_after_commit(event)
    return submission


@transaction.atomic
def submission_status_change(
    *, submission: Submission, to_status: str, actor: Any, reason: str = ""
) -> SubmissionEvent:
    """Move ``submission`` to ``to_status`` (an allowed transition), record who
    and why, audit it and mail the applicant."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if to_status not in TRANSITIONS.get(locked.status, ()):
        raise StatusChangeError(
            gettext("The application cannot move from this status to that one.")
        )
    reason = reason.strip()
    if to_status in REASON_REQUIRED and not reason:
        raise StatusChangeError(
            gettext("Give the applicant a reason for this status."),
            extra={"fields": {"reason": [gettext("Enter the reason.")]}},
        )
    event = SubmissionEvent.objects.create(
        submission=locked,
        from_status=locked.status,
        to_status=to_status,
        actor=actor,
        reason=reason,
    )
    locked.status = to_status
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status", "status_changed_at", "updated_at"])
    submission.status, submission.status_changed_at = (
        locked.status,
        locked.status_changed_at,
    )
    audit_log(
        actor=actor,
        action="eforms_submission.status_change",
        target=locked,
        data={"from": event.from_status, "to": to_status, "reason": reason},
    )
    _event_mail_after_commit(event)
    return event
