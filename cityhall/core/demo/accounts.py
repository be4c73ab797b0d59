"""Demo accounts: one staff user per role (with a confirmed TOTP device) and a
resident with a verified e-mail address and a profile."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cityhall.core.demo import DEMO_PASSWORD, DemoAccount, demo_accounts
from cityhall.core.models import Department, ResidentProfile, User
from cityhall.core.services.roles import role_assignment_create, role_groups_sync

RESIDENT_PROFILE = {
    "family_name": "大田原",
    "given_name": "さくら",
    "family_name_kana": "おおたわら",
    "given_name_kana": "さくら",
    "postal_code": "324-0041",
    "address": "栃木県大田原市本町2-3-10",
    "phone": "090-0000-0000",
    "preferred_language": ResidentProfile.Language.JA,
}


def _fiscal_year_start(today: dt.date) -> dt.date:
    """Japanese staff assignments start on 1 April (人事異動)."""
    year = today.year if today.month >= 4 else today.year - 1
    return dt.date(year, 4, 1)


def _staff_create(account: DemoAccount, *, valid_from: dt.date) -> User:
    assert account.role is not None
    user = User.objects.create_user(
        account.email,
        DEMO_PASSWORD,
        first_name=account.given_name,
        last_name=account.family_name,
        is_staff=True,
        email_verified_at=timezone.now(),
    )
    department = (
        Department.objects.get(code=account.department_code)
        if account.department_code
        else None
    )
    role_assignment_create(
        user=user,
        role=account.role,
        department=department,
        valid_from=valid_from,
        assigned_by=None,
    )
    role_groups_sync(user=user)
    # A confirmed device so that `manage.py demo_totp <email>` can print the
    # current code and the staff second-factor step can be demonstrated.
    TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return user


def _resident_create(account: DemoAccount) -> User:
    user = User.objects.create_user(
        account.email,
        DEMO_PASSWORD,
        first_name=account.given_name,
        last_name=account.family_name,
        email_verified_at=timezone.now(),
    )
    ResidentProfile.objects.create(user=user, **RESIDENT_PROFILE)
    return user


@transaction.atomic
def demo_accounts_create() -> list[User]:
    """Create every account of :func:`demo_accounts` with ``DEMO_PASSWORD``."""
    valid_from = _fiscal_year_start(timezone.localdate())
    users = []
    for account in demo_accounts():
        if account.role is None:
            users.append(_resident_create(account))
        else:
            users.append(_staff_create(account, valid_from=valid_from))
    return users
