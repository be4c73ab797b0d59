"""Core's own sections of the resident's account page (see :mod:`.extensions`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext

from cityhall.core.models import User
from cityhall.core.residents.extensions import AccountSection


def account_settings_section(user: User, request: HttpRequest) -> AccountSection:
    """Links to change the password and to delete the account (no queries)."""
    return AccountSection(
        title=gettext("Account settings"),
        template_name="core/residents/_account_settings.html",
    )
