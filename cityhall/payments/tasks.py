"""Background tasks of the payments app (thin: each calls one service)."""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from cityhall.payments.models import Refund
from cityhall.payments.services.bank_uploads import bank_file_upload_run
from cityhall.payments.services.card import card_payments_settle, card_refund_submit
from cityhall.payments.services.payments import payment_attempts_expire

logger = logging.getLogger(__name__)

#: An attempt nobody took to a provider within a day is abandoned.
ABANDONED_AFTER = dt.timedelta(days=1)


@task()
def payment_attempts_expire_daily() -> int:
    """Daily: expire attempts abandoned before reaching a provider, so the
    invoice's one-live-attempt slot is free again. Safe to run twice."""
    count = payment_attempts_expire(older_than=ABANDONED_AFTER)
    logger.info("payment_attempts_expire_daily: expired %d attempts", count)
    return count


#: A card attempt neither paid nor failed after this long is settled with its provider.
CARD_SETTLE_AFTER = dt.timedelta(hours=2)


@task()
def card_payments_settle_hourly() -> int:
    """Hourly: reconcile card attempts whose provider never reported an end,
    and close and expire those still waiting for a card. Safe to run twice."""
    count = card_payments_settle(older_than=CARD_SETTLE_AFTER)
    logger.info("card_payments_settle_hourly: %d attempts ended", count)
    return count


@task()
def card_refund_send(refund_id: int) -> str:
    """Send a recorded refund of a card payment to its provider. Safe to run
    again after a failure: the provider is asked with the refund's own key."""
    refund = Refund.objects.select_related("payment").filter(pk=refund_id).first()
    if refund is None:
        logger.info("card_refund_send: refund %s is gone; nothing sent", refund_id)
        return ""
    return card_refund_submit(refund=refund)


@task()
def bank_file_upload_import(upload_id: int) -> str:
    """Import a bank file uploaded in the staff console (消込). Safe to run
    twice: a finished upload is left alone and the import locks its row."""
    outcome = bank_file_upload_run(upload_id=upload_id)
    logger.info("bank_file_upload_import %s: %s", upload_id, outcome)
    return outcome
