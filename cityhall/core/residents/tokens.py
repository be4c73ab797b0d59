"""E-mail verification tokens: signed, expiring, single use.

A token carries the account's public id and a fingerprint of the account state
(password hash, e-mail, whether it is verified), signed with a timestamp. Verifying
changes that state, so a used link stops working; a repeated sign-up that replaces a
pending account's password voids the links mailed before it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from cityhall.core.models import User

#: How long a verification link works. Generous, because many residents read
#: their mail only every few days; "send again" covers the rest.
VERIFICATION_MAX_AGE = timedelta(days=3)

_SALT = "cityhall.core.residents.email-verification"
_SEP = "."


class TokenExpired(Exception):
    """The signature is good but the link is older than ``VERIFICATION_MAX_AGE``."""


class TokenInvalid(Exception):
    """The token was not made by us, was altered, or is no longer current."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_SALT, sep=_SEP)


def account_state_fingerprint(user: User) -> str:
    """A short keyed digest of the account state a verification link depends on."""
    verified = user.email_verified_at.isoformat() if user.email_verified_at else ""
    value = f"{user.pk}|{user.password}|{user.email}|{verified}|{user.is_active}"
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()[:20]


def verification_token_make(user: User) -> str:
    """A token for the link in the verification mail to ``user``."""
    return _signer().sign(f"{user.public_id.hex}-{account_state_fingerprint(user)}")


def verification_token_public_id(token: str) -> tuple[uuid.UUID, str]:
    """The public id and state fingerprint a token carries.

    Raises :class:`TokenExpired` or :class:`TokenInvalid`; checking the fingerprint
    against the account is :func:`verification_token_matches`' job.
    """
    try:
        value = _signer().unsign(token, max_age=VERIFICATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except signing.BadSignature as error:
        raise TokenInvalid from error
    public_hex, _dash, fingerprint = value.partition("-")
    try:
        return uuid.UUID(hex=public_hex), fingerprint
    except ValueError as error:
        raise TokenInvalid from error


def verification_token_matches(user: User, fingerprint: str) -> bool:
    """True while ``user`` is still in the state the token was made for."""
    return constant_time_compare(account_state_fingerprint(user), fingerprint)
