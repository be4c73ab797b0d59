"""Reads for resident accounts.

Views never look a profile up by an id from the request: the only way to a profile
is the signed-in user, so one resident cannot reach another's data.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cityhall.core.models import ResidentProfile, User
from cityhall.core.residents.errors import (
    VerificationLinkExpired,
    VerificationLinkInvalid,
)
from cityhall.core.residents.tokens import (
    TokenExpired,
    TokenInvalid,
    verification_token_matches,
    verification_token_public_id,
)
from cityhall.core.selectors.organisation import municipality_current


def resident_profile_for_user(user: Any) -> ResidentProfile | None:
    """The profile of the signed-in resident ``user`` (住民プロフィール).

    ``None`` for anonymous users, staff (their data lives in the staff console) and
    residents whose profile was never filled in.
    """
    if not getattr(user, "is_authenticated", False) or user.is_staff:
        return None
    return ResidentProfile.objects.select_related("user").filter(user=user).first()


def _pending_accounts():
    # Pending = signed up, never verified, never signed in. An account that staff
    # deactivated later is verified and so never counts as pending.
    return User.objects.filter(
        is_staff=False,
        is_active=False,
        email_verified_at__isnull=True,
        last_login__isnull=True,
    )


def resident_pending_for_email(email: str) -> User | None:
    """The resident account waiting for e-mail verification at ``email``, if any."""
    return _pending_accounts().filter(email__iexact=email).first()


def resident_for_verification_token(token: str, *, lock: bool = False) -> User:
    """The pending account a verification link was made for.

    Raises :class:`VerificationLinkExpired` for an old link and
    :class:`VerificationLinkInvalid` for an altered, used or superseded one. With
    ``lock`` the row is locked (call inside a transaction) so a link is used once
    even when it is opened twice at the same moment.
    """
    try:
        public_id, fingerprint = verification_token_public_id(token)
    except TokenExpired as error:
        raise VerificationLinkExpired(
            _("This confirmation link has expired. We can send you a new one.")
        ) from error
    except TokenInvalid as error:
        raise VerificationLinkInvalid(
            _("This confirmation link is not valid or has already been used.")
        ) from error
    accounts = _pending_accounts().filter(public_id=public_id)
    if lock:
        accounts = accounts.select_for_update()
    user = accounts.first()
    if user is None or not verification_token_matches(user, fingerprint):
        raise VerificationLinkInvalid(
            _("This confirmation link is not valid or has already been used.")
        )
    return user


def residents_for_password_reset(email: str) -> list[User]:
    """Active resident accounts at ``email`` that may reset their password.

    Staff are left out on purpose: their passwords are reset through the IT policy
    division (``WAGTAIL_PASSWORD_RESET_ENABLED = False``), never by mail.
    """
    accounts = User.objects.filter(email__iexact=email, is_active=True, is_staff=False)
    return [user for user in accounts if user.has_usable_password()]


def resident_for_password_reset_link(public_id: uuid.UUID) -> User | None:
    """The active resident account a password-reset link names, or ``None``."""
    return User.objects.filter(
        public_id=public_id, is_active=True, is_staff=False
    ).first()


def resident_for_mail(user_id: int) -> User | None:
    """A resident account with its profile for a mail task, or ``None`` when the
    account is gone or belongs to staff (tasks may run after a deletion)."""
    return (
        User.objects.select_related("resident_profile")
        .filter(pk=user_id, is_staff=False)
        .first()
    )


def mail_sender_name(language: str) -> str:
    """Who signs resident mails: the municipality's name in ``language`` when the
    municipality profile exists, the site name otherwise."""
    municipality = municipality_current()
    if municipality is not None:
        return municipality.display_name(language)
    return str(settings.WAGTAIL_SITE_NAME)
