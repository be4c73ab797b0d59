"""Drafts: starting an application, saving each page, going back, guests.

Every "Continue" saves the page's answers and moves the draft along the
version's branching; answers of pages later skipped stay in the draft (going
back never loses them) but only the answers on the final path are submitted.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cityhall.eforms.definition import CHECK, definition_parse
from cityhall.eforms.errors import FormNotOpenError
from cityhall.eforms.models import Draft, Form
from cityhall.eforms.models.drafts import DRAFT_LIFETIME


def _live_version_or_refuse(form: Form) -> Any:
    now = timezone.now()
    closed = form.closes_at is not None and form.closes_at <= now
    if form.state != Form.State.PUBLISHED or form.live_version is None or closed:
        raise FormNotOpenError(gettext("This form is not accepting applications."))
    return form.live_version


@transaction.atomic
def draft_start_for_user(*, form: Form, user: Any) -> Draft:
    """Start a draft of ``form``'s published version owned by ``user``."""
    version = _live_version_or_refuse(form)
    first = definition_parse(version.definition).first_page.id
    return Draft.objects.create(
        form_version=version,
        owner=user,
        history=[first],
        expires_at=timezone.now() + DRAFT_LIFETIME,
    )


@transaction.atomic
def draft_start_for_guest(*, form: Form, email: str) -> Draft:
    """The guest's unexpired, unsubmitted draft of ``form`` for ``email``, or a
    new one. The caller mails the guest the link (:func:`guest_link_send`)."""
    version = _live_version_or_refuse(form)
    email = email.strip().lower()
    existing = (
        Draft.objects.select_for_update()
        .filter(
            form_version__form=form,
            guest_email=email,
            submitted_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-updated_at")
        .first()
    )
    draft = existing or Draft.objects.create(
        form_version=version,
        guest_email=email,
        history=[definition_parse(version.definition).first_page.id],
        expires_at=timezone.now() + DRAFT_LIFETIME,
    )
    from cityhall.eforms.tasks import guest_link_mail

    draft_id = draft.pk
    transaction.on_commit(lambda: guest_link_mail.enqueue(draft_id))
    return draft


@transaction.atomic
def draft_guest_verify(*, draft: Draft) -> Draft:
    """Record that the guest opened the mailed link (their address works)."""
    if draft.guest_verified_at is None:
        draft.guest_verified_at = timezone.now()
        draft.save(update_fields=["guest_verified_at", "updated_at"])
    return draft


def _store_files(draft: Draft, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers with each uploaded file stored under an unguessable name and
    replaced by ``{"name", "path", "size"}``."""
    stored = {}
    for question_id, value in answers.items():
        if isinstance(value, UploadedFile):
            suffix = PurePath(value.name or "").suffix.lower()
            path = default_storage.save(
                f"eforms/{draft.public_id}/{uuid.uuid4().hex}{suffix}", value
            )
            value = {
                "name": PurePath(value.name or "").name,
                "path": path,
                "size": value.size,
            }
        stored[question_id] = value
    return stored


@transaction.atomic
def draft_page_save(
    *,
    draft: Draft,
    page_id: str,
    answers: dict[str, Any],
    return_to_check: bool = False,
) -> str:
    """Save the answers of ``page_id`` and return where to go next (a page id
    or ``"check"``). The history is cut after this page, so a changed answer
    that takes another branch drops the pages no longer on the way. With
    ``return_to_check`` (a "Change" link), the resident goes straight back to
    check-your-answers when every page on the new path has been answered."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    definition = definition_parse(locked.form_version.definition)
    page = definition.page(page_id)
    if page is None or page_id not in locked.history:
        raise FormNotOpenError(
            gettext("This page is not part of your application yet.")
        )
    locked.answers = {**locked.answers, **_store_files(locked, answers)}
    next_id = definition.next_page_id(page, locked.answers)
    position = locked.history.index(page_id)
    locked.history = [*locked.history[: position + 1], next_id]
    if return_to_check:
        path = definition.path(locked.answers)
        if all(q.id in locked.answers for p in path for q in p.questions):
            locked.history = [*(p.id for p in path), CHECK]
            next_id = CHECK
    locked.expires_at = timezone.now() + DRAFT_LIFETIME
    locked.save(update_fields=["answers", "history", "expires_at", "updated_at"])
    draft.answers, draft.history = locked.answers, locked.history
    return next_id


def draft_back_target(*, draft: Draft, page_id: str) -> str | None:
    """The page visited before ``page_id`` (or before check-your-answers), or
    None on the first page."""
    if page_id not in draft.history:
        return None
    position = draft.history.index(page_id)
    return draft.history[position - 1] if position > 0 else None


def draft_is_complete(draft: Draft) -> bool:
    """Whether the resident reached check-your-answers along the current path."""
    return bool(draft.history) and draft.history[-1] == CHECK


@transaction.atomic
def drafts_expired_delete() -> int:
    """Delete unsubmitted drafts past their expiry; returns how many."""
    deleted, _ = Draft.objects.filter(
        submitted_at__isnull=True, expires_at__lte=timezone.now()
    ).delete()
    return deleted
