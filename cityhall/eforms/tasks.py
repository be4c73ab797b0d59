"""Background tasks of electronic applications (thin, safe to run twice)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cityhall.eforms.mails import guest_link_mail_send, status_mail_send
from cityhall.eforms.models import Draft, SubmissionEvent
from cityhall.eforms.services.drafts import drafts_expired_delete

logger = logging.getLogger(__name__)


@task()
def guest_link_mail(draft_id: int) -> bool:
    """Mail a guest the link to their draft (each request sends one link)."""
    draft = (
        Draft.objects.select_related("form_version__form").filter(pk=draft_id).first()
    )
    if draft is None or draft.submitted_at is not None:
        logger.info(
            "guest_link_mail: draft %s gone or submitted; nothing sent", draft_id
        )
        return False
    guest_link_mail_send(draft)
    logger.info("guest_link_mail: sent the link of draft %s", draft_id)
    return True


@task()
def submission_event_mail(event_id: int) -> bool:
    """Mail the applicant a status change, once: the event remembers it was sent."""
    with transaction.atomic():
        event = (
            SubmissionEvent.objects.select_for_update(of=("self",))
            .select_related("submission__form", "submission__applicant")
            .filter(pk=event_id, mailed_at__isnull=True)
            .first()
        )
        if event is None:
            logger.info("submission_event_mail: event %s already mailed", event_id)
            return False
        status_mail_send(event)
        event.mailed_at = timezone.now()
        event.save(update_fields=["mailed_at", "updated_at"])
    logger.info("submission_event_mail: mailed event %s", event_id)
    return True


@task()
def drafts_expire_daily() -> int:
    """Daily: delete drafts nobody saved for 30 days."""
    count = drafts_expired_delete()
    logger.info("drafts_expire_daily: deleted %d drafts", count)
    return count
