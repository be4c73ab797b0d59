"""Services: versions, drafts along the branching, submitting once, status
changes with events, audit records and mails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from cityhall.core.models import AuditRecord
from cityhall.core.tests.factories import UserFactory
from cityhall.eforms.errors import (
    DraftNotReadyError,
    FormNotOpenError,
    StatusChangeError,
    VersionPublishedError,
)
from cityhall.eforms.models import Draft, Submission, SubmissionEvent
from cityhall.eforms.models.drafts import DRAFT_LIFETIME
from cityhall.eforms.services.drafts import (
    draft_back_target,
    draft_page_save,
    draft_start_for_guest,
    draft_start_for_user,
)
from cityhall.eforms.services.forms import (
    form_close,
    form_version_create,
    form_version_publish,
    form_version_update,
)
from cityhall.eforms.services.submissions import (
    submission_create,
    submission_status_change,
)
from cityhall.eforms.tests.factories import (
    definition,
    draft_complete,
    form_make,
    processing_staff,
    submission_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


def test_published_version_cannot_change():
    """Updating a published version's definition is refused."""
    form = form_make()
    with pytest.raises(VersionPublishedError):
        form_version_update(version=form.live_version, definition=definition())


def test_new_version_leaves_earlier_submissions_alone():
    """Publishing version 2 keeps a submission on version 1 with its answers."""
    form = form_make()
    submission = submission_make(form)
    changed = definition()
    changed["pages"][2]["questions"][0]["label"] = "Mobile phone"
    form = form_version_publish(
        version=form_version_create(form=form, definition=changed)
    )
    submission.refresh_from_db()
    assert form.live_version.number == 2
    assert submission.form_version.number == 1
    assert (
        submission.form_version.definition["pages"][2]["questions"][0]["label"]
        == "Phone"
    )


def test_draft_started_on_version_one_stays_on_it():
    """A draft in progress continues on the version it started with."""
    form = form_make()
    draft = draft_start_for_user(form=form, user=UserFactory())
    form_version_publish(
        version=form_version_create(form=form, definition=definition())
    )
    draft.refresh_from_db()
    assert draft.form_version.number == 1


def test_closed_form_refuses_new_drafts():
    """No draft starts on a closed form."""
    form = form_close(form=form_make())
    with pytest.raises(FormNotOpenError):
        draft_start_for_user(form=form, user=UserFactory())


def test_draft_lives_thirty_days_from_its_last_save():
    """Each save pushes the expiry to 30 days from now."""
    draft = draft_start_for_user(form=form_make(), user=UserFactory())
    draft_page_save(draft=draft, page_id="kind", answers={"kind": "full"})
    draft.refresh_from_db()
    assert draft.expires_at - timezone.now() > DRAFT_LIFETIME - timezone.timedelta(
        minutes=1
    )


def test_branch_skips_the_details_page():
    """Answering "simple" goes from kind straight to contact."""
    draft = draft_start_for_user(form=form_make(), user=UserFactory())
    assert (
        draft_page_save(draft=draft, page_id="kind", answers={"kind": "simple"})
        == "contact"
    )
    assert draft.history == ["kind", "contact"]


def test_no_branch_match_goes_to_the_next_page():
    """Answering "full" goes to details, the next page."""
    draft = draft_start_for_user(form=form_make(), user=UserFactory())
    assert (
        draft_page_save(draft=draft, page_id="kind", answers={"kind": "full"})
        == "details"
    )


def test_back_returns_to_the_page_actually_visited():
    """After the branch, "Back" from contact is kind, not details."""
    draft = draft_start_for_user(form=form_make(), user=UserFactory())
    draft_page_save(draft=draft, page_id="kind", answers={"kind": "simple"})
    assert draft_back_target(draft=draft, page_id="contact") == "kind"


def test_changing_branch_keeps_earlier_answers_but_submits_the_path_only():
    """Details answered, then "simple" chosen: the details answer stays in the
    draft but is not submitted."""
    user = UserFactory()
    draft = draft_complete(form_make(), user, kind="full")
    draft_page_save(draft=draft, page_id="kind", answers={"kind": "simple"})
    draft_page_save(draft=draft, page_id="contact", answers={"phone": "0287-23-1111"})
    draft.refresh_from_db()
    assert draft.answers["details"] == "More"
    submission = submission_create(draft=draft)
    assert submission.answers == {"kind": "simple", "phone": "0287-23-1111"}


def test_change_link_returns_to_check_when_the_path_is_answered():
    """A "Change" from check-your-answers goes back to check after saving."""
    draft = draft_complete(form_make(), UserFactory(), kind="full")
    target = draft_page_save(
        draft=draft, page_id="kind", answers={"kind": "simple"}, return_to_check=True
    )
    assert target == "check"
    assert draft.history == ["kind", "contact", "check"]


def test_saving_a_page_not_reached_is_refused():
    """A page not in the draft's history cannot be saved (no skipping ahead)."""
    draft = draft_start_for_user(form=form_make(), user=UserFactory())
    with pytest.raises(FormNotOpenError):
        draft_page_save(draft=draft, page_id="contact", answers={"phone": "x"})


def test_incomplete_draft_cannot_be_submitted():
    """A draft that did not reach check-your-answers is refused."""
    draft = draft_start_for_user(form=form_make(), user=UserFactory())
    with pytest.raises(DraftNotReadyError):
        submission_create(draft=draft)


def test_draft_is_submitted_once(django_capture_on_commit_callbacks):
    """A second submit of the same draft is refused; one submission exists."""
    draft = draft_complete(form_make(), UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        submission_create(draft=draft)
    with pytest.raises(DraftNotReadyError):
        submission_create(draft=draft)
    assert Submission.objects.count() == 1


def test_database_refuses_two_submissions_of_one_draft():
    """The unique draft id is the last line of defence."""
    submission = submission_make(form_make())
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(
            form_version=submission.form_version,
            form=submission.form,
            applicant_email="x@example.jp",
            reference_number="EF000000-AAAAAA",
            draft_public_id=submission.draft_public_id,
            submitted_at=timezone.now(),
            status_changed_at=timezone.now(),
        )


def test_submission_mails_the_applicant_its_reference(
    django_capture_on_commit_callbacks,
):
    """Submitting records the 受付 event and mails the reference number once."""
    user = UserFactory()
    draft = draft_complete(form_make(), user)
    with django_capture_on_commit_callbacks(execute=True):
        submission = submission_create(draft=draft)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert submission.reference_number in mail.outbox[0].subject
    assert SubmissionEvent.objects.get().mailed_at is not None


def test_status_change_records_event_audit_and_mail(django_capture_on_commit_callbacks):
    """in review: an event with actor, an audit record and a mail."""
    form = form_make()
    submission = submission_make(form)
    staff = processing_staff(form.department)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission_status_change(
            submission=submission, to_status=Submission.Status.IN_REVIEW, actor=staff
        )
    event = submission.events.last()
    assert (event.from_status, event.to_status, event.actor) == (
        "received",
        "in_review",
        staff,
    )
    assert AuditRecord.objects.filter(
        action="eforms_submission.status_change", target_id=str(submission.public_id)
    ).exists()
    assert len(mail.outbox) == 1


def test_rejection_needs_a_reason():
    """却下 without a reason is refused and nothing changes."""
    form = form_make()
    submission = submission_make(form)
    with pytest.raises(StatusChangeError):
        submission_status_change(
            submission=submission,
            to_status=Submission.Status.REJECTED,
            actor=processing_staff(form.department),
        )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RECEIVED


def test_completed_cannot_move_again():
    """完了 is final."""
    form = form_make()
    submission = submission_make(form)
    staff = processing_staff(form.department)
    for status in (Submission.Status.IN_REVIEW, Submission.Status.COMPLETED):
        submission_status_change(submission=submission, to_status=status, actor=staff)
    with pytest.raises(StatusChangeError):
        submission_status_change(
            submission=submission, to_status=Submission.Status.IN_REVIEW, actor=staff
        )


def test_guest_start_reuses_the_guests_draft_and_mails_a_link(
    django_capture_on_commit_callbacks,
):
    """Asking twice with one address gives one draft and two links."""
    form = form_make()
    with django_capture_on_commit_callbacks(execute=True):
        first = draft_start_for_guest(form=form, email="Guest@Example.jp")
        second = draft_start_for_guest(form=form, email="guest@example.jp")
    assert first.pk == second.pk
    assert Draft.objects.count() == 1
    assert len(mail.outbox) == 2
    assert "/apply/continue/" in mail.outbox[0].body
