"""Reads of residents' personal API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from cityhall.core.models import ApiToken, User


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    """``user``'s tokens that are not revoked, newest first (expired ones
    included, so the resident sees why a client stopped working)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by(
        "-created_at", "-id"
    )
