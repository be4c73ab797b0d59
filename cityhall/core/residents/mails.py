"""Composing and sending the mails of resident accounts.

Each mail is rendered in the resident's preferred language from a pair of
templates (``core/residents/email/<kind>_subject.txt`` and ``<kind>_body.txt``);
links are absolute, built on ``CITYHALL_BASE_URL`` because tasks have no request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cityhall.core.models import ResidentProfile, User
from cityhall.core.residents.selectors import mail_sender_name
from cityhall.core.residents.tokens import VERIFICATION_MAX_AGE, verification_token_make


def _profile(user: User) -> ResidentProfile | None:
    try:
        return user.resident_profile
    except ObjectDoesNotExist:
        return None


def _language(user: User) -> str:
    profile = _profile(user)
    return profile.preferred_language if profile else settings.LANGUAGE_CODE


def _absolute_url(language: str, viewname: str, **kwargs: str) -> str:
    with translation.override(language):
        return settings.CITYHALL_BASE_URL + reverse(viewname, kwargs=kwargs)


def _send(user: User, kind: str, context: dict[str, Any]) -> None:
    language = _language(user)
    with translation.override(language):
        context = {
            "profile": _profile(user),
            "sender": mail_sender_name(language),
            **context,
        }
        subject = render_to_string(f"core/residents/email/{kind}_subject.txt", context)
        body = render_to_string(f"core/residents/email/{kind}_body.txt", context)
    # A subject must be one line whatever the template's white space.
    send_mail(" ".join(subject.split()), body, None, [user.email])


def verification_mail_send(user: User) -> None:
    """Mail ``user`` the link that confirms their address and activates the account."""
    language = _language(user)
    token = verification_token_make(user)
    _send(
        user,
        "verification",
        {
            "url": _absolute_url(language, "accounts:verify", token=token),
            "valid_days": VERIFICATION_MAX_AGE.days,
        },
    )


def signup_attempt_mail_send(user: User) -> None:
    """Tell the owner of an existing account that someone tried to sign up with
    their address, with links to sign in or reset the password."""
    language = _language(user)
    _send(
        user,
        "signup_attempt",
        {
            "password_reset_url": _absolute_url(language, "accounts:password_reset"),
            "profile_url": _absolute_url(language, "accounts:profile"),
        },
    )


def password_reset_mail_send(user: User) -> None:
    """Mail ``user`` a password-reset link (Django's reset token)."""
    language = _language(user)
    # The public id, never the sequential pk, identifies the account in the link.
    uidb64 = urlsafe_base64_encode(force_bytes(user.public_id.hex))
    token = default_token_generator.make_token(user)
    _send(
        user,
        "password_reset",
        {
            "url": _absolute_url(
                language, "accounts:password_reset_confirm", uidb64=uidb64, token=token
            ),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
    )
