"""Background tasks of resident accounts: thin, take a user id, safe to run twice.

Running a task again soon after it sent its mail sends nothing (a short-lived mark
in the shared cache), so a retried or duplicated job never floods an inbox, and
repeated sign-up attempts cannot be used to bombard someone's address.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.core.cache import cache
from django_tasks import task

from cityhall.core.models import User
from cityhall.core.residents import mails
from cityhall.core.residents.selectors import resident_for_mail
from cityhall.core.residents.tokens import account_state_fingerprint

logger = logging.getLogger(__name__)

#: A mail of one kind to one account (in one account state) goes out at most once
#: in this window.
MAIL_REPEAT_WINDOW = timedelta(minutes=5)


def _send_once(kind: str, user: User, send: Callable[[User], None]) -> str:
    key = f"cityhall:residents:mail:{kind}:{user.pk}:{account_state_fingerprint(user)}"
    if cache.get(key):
        logger.info("%s mail to user %s already sent recently; skipped", kind, user.pk)
        return "skipped: sent recently"
    send(user)
    # Marked only after sending, so a failed send can be retried at once.
    cache.set(key, True, int(MAIL_REPEAT_WINDOW.total_seconds()))
    logger.info("%s mail sent to user %s", kind, user.pk)
    return "sent"


@task()
def resident_verification_mail_send(user_id: int) -> str:
    """Send the verification link to a pending resident account."""
    user = resident_for_mail(user_id)
    if user is None:
        logger.info("verification mail: user %s is gone; nothing sent", user_id)
        return "skipped: no such resident"
    if user.email_verified_at is not None:
        logger.info("verification mail: user %s already verified", user_id)
        return "skipped: already verified"
    return _send_once("verification", user, mails.verification_mail_send)


@task()
def resident_signup_attempt_mail_send(user_id: int) -> str:
    """Tell an account owner that someone tried to sign up with their address."""
    user = resident_for_mail(user_id)
    if user is None:
        logger.info("sign-up attempt mail: user %s is gone; nothing sent", user_id)
        return "skipped: no such resident"
    return _send_once("signup_attempt", user, mails.signup_attempt_mail_send)


@task()
def resident_password_reset_mail_send(user_id: int) -> str:
    """Send a password-reset link to an active resident account."""
    user = resident_for_mail(user_id)
    if user is None or not user.is_active:
        logger.info("password reset mail: user %s not eligible; nothing sent", user_id)
        return "skipped: no such active resident"
    return _send_once("password_reset", user, mails.password_reset_mail_send)


@task()
def residents_unverified_purge_daily() -> str:
    """Delete resident sign-ups never verified within 7 days."""
    from cityhall.core.residents.services import residents_unverified_purge

    return f"{residents_unverified_purge()} purged"
