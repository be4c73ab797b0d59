"""Background tasks of notices: thin, take ids, safe to run twice."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django_tasks import task

from cityhall.notices import mails
from cityhall.notices.models import Subscriber

logger = logging.getLogger(__name__)


@task()
def subscription_confirm_mail_send(subscriber_id: int) -> str:
    """Mail the double opt-in link to a pending subscription."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != Subscriber.Status.PENDING:
        return "skipped: not pending"
    mails.confirm_mail_send(subscriber)
    logger.info("confirmation mail sent to subscription %s", subscriber.public_id)
    return "sent"


@task()
def subscription_exists_mail_send(subscriber_id: int) -> str:
    """Tell an active subscriber someone asked to subscribe their address, with
    their manage link."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != Subscriber.Status.ACTIVE:
        return "skipped: not active"
    mails.exists_mail_send(subscriber)
    return "sent"


@task()
def notices_deliver() -> str:
    """Send what is claimable now (embedded default: the task worker delivers;
    production runs ``manage.py run_delivery`` as well). Safe to run any number
    of times at once: batches are claimed with a lease."""
    from cityhall.notices.delivery.engine import Engine

    worked = Engine().drain(deadline=time.monotonic() + 300)
    return f"{worked} batches"


@task()
def notices_delivery_resume_hourly() -> str:
    """Resume stuck batches (expired lease) and due retries when no dedicated
    delivery loop runs."""
    from cityhall.notices.delivery.engine import Engine

    worked = Engine().drain(deadline=time.monotonic() + 300)
    return f"{worked} batches"


@task()
def notices_bounces_read_hourly() -> str:
    """Read DSNs and complaints from ``CITYHALL_NOTICES_BOUNCE_MAILDIR``."""
    from cityhall.notices.services.bounces import bounce_maildir_process

    if not settings.CITYHALL_NOTICES_BOUNCE_MAILDIR:
        return "skipped: no bounce mailbox configured"
    count = bounce_maildir_process(path=settings.CITYHALL_NOTICES_BOUNCE_MAILDIR)
    return f"{count} reports"


@task()
def subscriptions_purge_daily() -> str:
    """Delete subscriptions left unconfirmed for 7 days."""
    from cityhall.notices.services.subscriptions import subscriptions_unconfirmed_purge

    return f"{subscriptions_unconfirmed_purge()} purged"
