"""Writes for resident accounts (住民アカウント): sign-up, verification, profile,
password-reset requests and deletion.

Mail always leaves through a task enqueued after commit, so a rolled-back sign-up
never mails anyone and a slow mail server never slows a page down.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.common.errors import PermissionDeniedError
from cityhall.core.models import ResidentProfile, User
from cityhall.core.residents import tasks
from cityhall.core.residents.cleaning import clean_email, profile_fields_clean
from cityhall.core.residents.errors import ResidentInputError
from cityhall.core.residents.extensions import resident_data_erasers
from cityhall.core.residents.selectors import (
    resident_for_verification_token,
    resident_pending_for_email,
    residents_for_password_reset,
)

logger = logging.getLogger(__name__)


def _enqueue_after_commit(task: Any, user_id: int) -> None:
    transaction.on_commit(lambda: task.enqueue(user_id))


def _require_resident(user: Any) -> None:
    if not getattr(user, "is_authenticated", False) or user.is_staff:
        raise PermissionDeniedError(
            _("Only residents' own accounts can be changed here.")
        )


def _validated_profile(data: dict[str, Any]) -> dict[str, str]:
    try:
        return profile_fields_clean(data)
    except ValidationError as error:
        raise ResidentInputError.from_validation_error(error) from error


def resident_signup(
    *,
    email: str,
    password: str,
    family_name: str,
    given_name: str,
    family_name_kana: str,
    given_name_kana: str,
    postal_code: str,
    address: str,
    phone: str = "",
    preferred_language: str = ResidentProfile.Language.JA,
) -> None:
    """Register a resident (利用者登録); the account stays inactive until the
    address is verified.

    Returns nothing on purpose: the caller must show the same "check your mail"
    page whether or not the address was already registered, so nobody can probe
    which addresses have accounts. What happens per case:

    * new address: an inactive account and its profile are created and a
      verification mail is sent;
    * an account still waiting for verification: its password and profile are
      replaced by this submission (the owner may have forgotten the first one)
      and a new verification mail is sent; older links stop working;
    * any other existing account: its owner is told that someone tried to sign up
      with their address, and nothing is changed.

    Raises :class:`ResidentInputError` for invalid details.
    """
    email = clean_email(email)
    profile = _validated_profile(
        {
            "family_name": family_name,
            "given_name": given_name,
            "family_name_kana": family_name_kana,
            "given_name_kana": given_name_kana,
            "postal_code": postal_code,
            "address": address,
            "phone": phone,
            "preferred_language": preferred_language,
        }
    )
    if not email:
        raise ResidentInputError(
            _("Some of the details are not valid."),
            extra={"fields": {"email": [str(_("Enter an e-mail address."))]}},
        )
    try:
        password_validation.validate_password(
            password,
            user=User(email=email, first_name=profile["given_name"]),
        )
    except ValidationError as error:
        raise ResidentInputError(
            _("Some of the details are not valid."),
            extra={"fields": {"password": [str(m) for m in error.messages]}},
        ) from error
    # Hash in every branch: skipping the slow hash for known addresses would let
    # response times reveal which addresses are registered.
    password_hash = make_password(password)

    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email__iexact=email).first()
        if existing is None:
            try:
                # A savepoint, so a lost race leaves the outer transaction usable.
                with transaction.atomic():
                    user = User.objects.create(
                        email=email, password=password_hash, is_active=False
                    )
                    ResidentProfile.objects.create(user=user, **profile)
            except IntegrityError:
                # The same form arrived twice (double click, resubmission): the
                # first request created the account and sends its mail.
                logger.info("resident sign-up: concurrent duplicate ignored")
                return
            logger.info("resident sign-up: account %s created", user.public_id)
            _enqueue_after_commit(tasks.resident_verification_mail_send, user.pk)
            return

        if resident_pending_for_email(email) is not None:
            existing.password = password_hash
            existing.save(update_fields=["password"])
            ResidentProfile.objects.update_or_create(user=existing, defaults=profile)
            logger.info("resident sign-up: pending %s replaced", existing.public_id)
            _enqueue_after_commit(tasks.resident_verification_mail_send, existing.pk)
            return

        logger.info("resident sign-up: address of %s already used", existing.public_id)
        _enqueue_after_commit(tasks.resident_signup_attempt_mail_send, existing.pk)


def resident_email_verify(*, token: str) -> User:
    """Use a verification link: activate the account and record when the address
    was verified (メールアドレス確認). The link works once.

    Raises ``VerificationLinkExpired`` or ``VerificationLinkInvalid``.
    """
    with transaction.atomic():
        user = resident_for_verification_token(token, lock=True)
        user.is_active = True
        user.email_verified_at = timezone.now()
        user.save(update_fields=["is_active", "email_verified_at"])
    logger.info("resident %s verified their e-mail address", user.public_id)
    return user


def resident_verification_resend(*, email: str) -> None:
    """Send a new verification link when an account at ``email`` is waiting for
    one; otherwise do nothing, silently (no account enumeration)."""
    with transaction.atomic():
        user = resident_pending_for_email(clean_email(email))
        if user is not None:
            _enqueue_after_commit(tasks.resident_verification_mail_send, user.pk)


def resident_password_reset_request(*, email: str) -> None:
    """Mail a password-reset link to the active resident account at ``email``, if
    there is one; otherwise do nothing, silently (no account enumeration)."""
    with transaction.atomic():
        for user in residents_for_password_reset(clean_email(email)):
            _enqueue_after_commit(tasks.resident_password_reset_mail_send, user.pk)


def resident_profile_update(
    *,
    user: User,
    family_name: str,
    given_name: str,
    family_name_kana: str,
    given_name_kana: str,
    postal_code: str,
    address: str,
    phone: str = "",
    preferred_language: str = ResidentProfile.Language.JA,
) -> ResidentProfile:
    """Save the resident's own profile (creating it if it was never filled in).

    The e-mail address is not changed here: changing it needs a new verification
    and is done by the city on request.
    """
    _require_resident(user)
    data = _validated_profile(
        {
            "family_name": family_name,
            "given_name": given_name,
            "family_name_kana": family_name_kana,
            "given_name_kana": given_name_kana,
            "postal_code": postal_code,
            "address": address,
            "phone": phone,
            "preferred_language": preferred_language,
        }
    )
    with transaction.atomic():
        profile, _created = (
            ResidentProfile.objects.select_for_update().update_or_create(
                user=user, defaults=data
            )
        )
    return profile


def resident_account_delete(*, user: User) -> None:
    """Delete a resident's account and every piece of personal data held about them
    (退会), in one transaction.

    Every app that stores personal data linked to a resident (applications,
    bookings, payments, subscriptions...) MUST register a resident-data eraser
    (:mod:`cityhall.core.residents.extensions`) that deletes the data, or
    anonymises what the law requires the city to keep (e.g. payment records),
    through that app's services. The erasers run here, inside the transaction,
    before the user row goes. ``User`` deletion cascades, but a cascade is not a
    decision about retention, so do not rely on it.
    """
    _require_resident(user)
    public_id = user.public_id
    with transaction.atomic():
        for eraser in resident_data_erasers():
            eraser(user)
        User.objects.filter(pk=user.pk).delete()
    logger.info("resident %s deleted their account", public_id)


def resident_profile_erase(user: User) -> None:
    """Core's resident-data eraser: the resident profile (name, address, phone).

    Registered by core's app config like any app's eraser.
    """
    ResidentProfile.objects.filter(user=user).delete()


#: Sign-ups whose address was never verified are deleted after this long.
UNVERIFIED_SIGNUP_RETENTION = dt.timedelta(days=7)


def residents_unverified_purge(*, now: Any = None) -> int:
    """Delete resident sign-ups never verified within 7 days (with their
    profile); returns how many accounts went."""
    cutoff = (now or timezone.now()) - UNVERIFIED_SIGNUP_RETENTION
    stale = User.objects.filter(
        is_staff=False,
        is_active=False,
        email_verified_at__isnull=True,
        date_joined__lt=cutoff,
    )
    count = 0
    with transaction.atomic():
        for user in stale.select_for_update():
            for eraser in resident_data_erasers():
                eraser(user)
            user.delete()
            count += 1
    if count:
        logger.info("purged %d never-verified resident sign-ups", count)
    return count
