"""Residents' personal API tokens (個人用APIトークン): create, revoke, and
authenticate a request that presents one (docs/api.md, "Authentication").

A token is ``chpat_`` followed by 43 URL-safe characters (256 random bits).
Only its SHA-256 is stored, so a copy of the database does not hold usable
tokens; the prefix (the first 12 characters) is stored to tell tokens apart.
Staff cannot have tokens: a token would get past their second factor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.core.errors import ApiTokenError
from cityhall.core.models import ApiToken, IdempotencyRecord, User
from cityhall.core.services.audit import audit_log

TOKEN_PREFIX = "chpat_"  # noqa: S105 - a marker, not a secret
#: Characters of the token stored and shown to identify it.
VISIBLE_PREFIX_LENGTH = 12
MAX_NAME_LENGTH = 100
#: Active (unrevoked, unexpired) tokens a resident may hold at once.
MAX_ACTIVE_TOKENS = 20
#: last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def api_token_hash(token: str) -> str:
    """The stored form of a token: SHA-256 hex digest of the whole token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _require_resident(user: User) -> None:
    if not user.is_authenticated or user.is_staff or not user.is_active:
        raise ApiTokenError(
            _("Only residents can create personal API tokens."),
            code="api_token_not_allowed",
            status=403,
        )


def api_token_create(
    *, user: User, name: str, expires_on: dt.date | None = None
) -> tuple[ApiToken, str]:
    """Create a named token for resident ``user``; return it with the token
    text, which is never available again.

    ``expires_on`` (optional, a date in the future) makes the token stop
    working at the end of that day, Japan time. Audited as
    ``api_token.create``.
    """
    _require_resident(user)
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        message = _("Give the token a name of 1 to 100 characters.")
        raise ApiTokenError(
            message, code="invalid_input", extra={"fields": {"name": [message]}}
        )
    expires_at = None
    if expires_on is not None:
        if expires_on < timezone.localdate():
            message = _("The expiry date must be today or later.")
            raise ApiTokenError(
                message,
                code="invalid_input",
                extra={"fields": {"expires_on": [message]}},
            )
        expires_at = timezone.make_aware(
            dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time.min)
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        # Lock the user's row so two concurrent creations cannot both pass the
        # limit check.
        User.objects.select_for_update().filter(pk=user.pk).first()
        active = (
            ApiToken.objects.filter(user=user, revoked_at__isnull=True)
            .exclude(expires_at__lte=now)
            .count()
        )
        if active >= MAX_ACTIVE_TOKENS:
            raise ApiTokenError(
                _(
                    "You already have %(count)d active tokens. Revoke one before "
                    "creating another."
                )
                % {"count": MAX_ACTIVE_TOKENS},
                code="api_token_limit",
                status=409,
            )
        api_token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=token[:VISIBLE_PREFIX_LENGTH],
            token_hash=api_token_hash(token),
            expires_at=expires_at,
        )
        audit_log(
            actor=user,
            action="api_token.create",
            target=api_token,
            data={
                "name": name,
                "prefix": api_token.prefix,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return api_token, token


def api_token_revoke(*, user: User, public_id: str) -> ApiToken:
    """Revoke one of ``user``'s own tokens (any other id: ``not_found``).

    Revoking an already revoked token changes nothing and is not audited again.
    Audited as ``api_token.revoke``.
    """
    with transaction.atomic():
        api_token = (
            ApiToken.objects.select_for_update()
            .filter(user=user, public_id=public_id)
            .first()
        )
        if api_token is None:
            raise ApiTokenError(_("No such token."), code="not_found", status=404)
        if api_token.revoked_at is None:
            api_token.revoked_at = timezone.now()
            api_token.save(update_fields=["revoked_at", "updated_at"])
            audit_log(
                actor=user,
                action="api_token.revoke",
                target=api_token,
                data={"name": api_token.name, "prefix": api_token.prefix},
            )
    return api_token


def api_token_authenticate(*, token: str) -> User | None:
    """The resident a presented token belongs to, or None when the token is
    unknown, revoked, expired, or its user can no longer use it.

    One indexed query; ``last_used_at`` is written at most once a minute per
    token, so busy clients do not turn every read into a write.
    """
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    now = timezone.now()
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=api_token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if api_token is None:
        return None
    if api_token.expires_at is not None and api_token.expires_at <= now:
        return None
    user = api_token.user
    if not user.is_active or user.is_staff:
        return None
    if (
        api_token.last_used_at is None
        or api_token.last_used_at <= now - LAST_USED_RESOLUTION
    ):
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return user


def api_access_erase(user: User) -> None:
    """Core's resident-data eraser for API access: the resident's tokens and
    stored idempotent responses (which may hold personal data)."""
    ApiToken.objects.filter(user=user).delete()
    IdempotencyRecord.objects.filter(user=user).delete()
