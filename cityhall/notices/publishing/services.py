"""Writes of notice publishing: emergency publishing, follow-ups (updates and
cancellations) and the hand-off to delivery once a notice is published."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import WorkflowState

from cityhall.core.services.audit import audit_log
from cityhall.notices.publishing.errors import NoticePublishError
from cityhall.notices.publishing.permissions import can_emergency_publish
from cityhall.notices.services.delivery import notice_delivery_start
from cityhall.website.models import (
    NewsPage,
    NoticeMessageType,
    NoticeUrgency,
)

logger = logging.getLogger(__name__)


def _notice_for_update(page_id: int) -> NewsPage:
    page = NewsPage.objects.select_for_update().filter(pk=page_id).first()
    if page is None:
        raise NoticePublishError(
            _("This page is not a notice."), code="not_a_notice", status=404
        )
    return page


@transaction.atomic
def notice_emergency_publish(*, page_id: int, user: Any) -> NewsPage:
    """Publish the latest revision of an emergency notice at once (緊急公開).

    Only for users :func:`can_emergency_publish` allows and only for notices of
    urgency 緊急 (as saved in that revision); any review in progress is
    cancelled, since the notice no longer waits for it. Audited as
    ``notice.emergency_publish``. Everyone else goes through the approval
    workflow.
    """
    if not can_emergency_publish(user):
        raise NoticePublishError(
            _("You may not publish emergency notices without approval."),
            code="permission_denied",
            status=403,
        )
    page = _notice_for_update(page_id)
    revision = page.get_latest_revision()
    if revision is None:
        raise NoticePublishError(
            _("Save the notice before publishing it."), code="no_revision"
        )
    draft = revision.as_object()
    if draft.urgency != NoticeUrgency.EMERGENCY:
        raise NoticePublishError(
            _("Only a notice of urgency “Emergency” can be published at once."),
            code="not_emergency",
        )
    workflow_state = page.current_workflow_state
    if (
        workflow_state is not None
        and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    ):
        workflow_state.cancel(user=user)
    revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    audit_log(
        actor=user,
        action="notice.emergency_publish",
        target=page,
        data={
            "revision": revision.pk,
            "title": page.title,
            "message_type": page.message_type,
            "references": page.references_id,
        },
    )
    logger.info("notice %s published as an emergency by user %s", page.pk, user.pk)
    return page


#: Fields a follow-up copies from the notice it refers to.
_FOLLOW_UP_FIELDS = (
    "title",
    "lead",
    "body",
    "urgency",
    "channels",
    "event",
    "severity",
    "certainty",
    "easy_title",
    "easy_text",
    "department_id",
    "expires_at",
)


@transaction.atomic
def notice_follow_up_create(
    *, original_id: int, message_type: str, user: Any
) -> NewsPage:
    """Draft an update or a cancellation of a published notice (a new page
    beside it, referring to it), for an editor to finish and publish.

    The draft copies the original's text and attributes; a follow-up of an
    update refers to the update (the latest word on the alert). Returns the
    unpublished draft. Audited as ``notice.follow_up_create``.
    """
    if message_type not in (NoticeMessageType.UPDATE, NoticeMessageType.CANCEL):
        raise NoticePublishError(
            _("Choose an update or a cancellation."), code="invalid_message_type"
        )
    original = NewsPage.objects.filter(pk=original_id).first()
    if original is None:
        raise NoticePublishError(
            _("This page is not a notice."), code="not_a_notice", status=404
        )
    if not original.live or original.message_type == NoticeMessageType.CANCEL:
        raise NoticePublishError(
            _("Only a published notice that is not a cancellation can be followed up."),
            code="cannot_follow_up",
        )
    parent = original.get_parent()
    if not parent.permissions_for_user(user).can_add_subpage():
        raise NoticePublishError(
            _("You may not add notices here."), code="permission_denied", status=403
        )
    values = {name: getattr(original, name) for name in _FOLLOW_UP_FIELDS}
    stamp = timezone.localtime()
    draft = NewsPage(
        **values,
        date=stamp.date(),
        message_type=message_type,
        references=original,
        slug=f"{original.slug}-{message_type}-{stamp:%Y%m%d%H%M%S}"[:255],
        live=False,
        owner=user,
        locale_id=original.locale_id,
    )
    if message_type == NoticeMessageType.CANCEL:
        draft.expires_at = None
    parent.add_child(instance=draft)
    draft.categories.set(original.categories.all())
    draft.target_districts.set(original.target_districts.all())
    draft.save()  # parental many-to-many relations are written on save
    draft.save_revision(user=user, log_action=True)
    audit_log(
        actor=user,
        action="notice.follow_up_create",
        target=draft,
        data={"original": original.pk, "message_type": message_type},
    )
    return draft


def notice_published(*, page_id: int) -> None:
    """What publishing a notice sets off beyond the website: delivery on its
    channels (mail, LINE, X, Facebook), started after the commit.

    Connected to Wagtail's ``page_published`` (a documented extension point, see
    docs/notices.md). Only the original language version starts delivery: the
    engine picks each recipient's language version itself.
    """
    page = NewsPage.objects.filter(pk=page_id).select_related("locale").first()
    if page is None or page.alias_of_id is not None:
        return
    from django.conf import settings

    if page.locale.language_code != settings.LANGUAGE_CODE:
        return
    transaction.on_commit(lambda: _delivery_start(page_id))


def _delivery_start(page_id: int) -> None:
    notice_delivery_start(page_id=page_id)
