"""Demo accounts: one staff user per role (with a confirmed TOTP device) and a
resident with a verified e-mail address and a profile."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cityhall.core.models import Department, ResidentProfile, User
from cityhall.core.services.roles import role_assignment_create, role_groups_sync

#: Every demo account shares this password; it is printed by ``make run``.
DEMO_PASSWORD = "cityhall-demo-2026"  # noqa: S105 - demo only, printed on purpose


@dataclass(frozen=True)
class DemoAccount:
    email: str
    label: str
    family_name: str
    given_name: str
    role: str | None  # a core.Role value; None for a resident
    department_code: str | None


def demo_accounts() -> list[DemoAccount]:
    """The demo staff (one per role) and resident accounts."""
    return [
        DemoAccount(
            "admin@demo.cityhall.jp",
            "System administrator (情報政策課)",
            "情報",
            "太郎",
            "system_admin",
            "joho-seisaku",
        ),
        DemoAccount("cio@demo.cityhall.jp", "CIO", "最高", "一郎", "cio", None),
        DemoAccount("ciso@demo.cityhall.jp", "CISO", "安全", "花子", "ciso", None),
        DemoAccount(
            "security@demo.cityhall.jp",
            "Security staff (市民課)",
            "守屋",
            "次郎",
            "security_staff",
            "shimin",
        ),
        DemoAccount(
            "editor@demo.cityhall.jp",
            "Web editor / ITヘルパー (市民課)",
            "編集",
            "三郎",
            "web_editor",
            "shimin",
        ),
        DemoAccount(
            "head@demo.cityhall.jp",
            "Department head / 課長 (市民課)",
            "課長",
            "四郎",
            "department_head",
            "shimin",
        ),
        DemoAccount(
            "staff@demo.cityhall.jp",
            "General staff (市民課)",
            "職員",
            "五郎",
            "general_staff",
            "shimin",
        ),
        DemoAccount(
            "accounting@demo.cityhall.jp",
            "Accounting staff / 会計課 (reconciliation, refunds)",
            "会計",
            "六郎",
            "general_staff",
            "kaikei",
        ),
        DemoAccount(
            "resident@demo.cityhall.jp", "Resident", "大田原", "さくら", None, None
        ),
    ]


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


def demo_resident_email(number: int) -> str:
    """The address of the ``number``-th extra demo resident (load tests)."""
    return f"resident-{number:03d}@demo.cityhall.jp"


@transaction.atomic
def demo_residents_ensure(*, count: int) -> int:
    """Make sure ``resident-001@demo.cityhall.jp`` … up to ``count`` exist.

    Each is a verified resident with a profile and ``DEMO_PASSWORD``; existing
    ones are left alone, so running it again changes nothing. Returns how many
    were created. The password is hashed once and shared, which keeps a seed of
    thousands of residents quick.
    """
    wanted = [demo_resident_email(number) for number in range(1, count + 1)]
    present = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    missing = [email for email in wanted if email not in present]
    if not missing:
        return 0
    hashed = make_password(DEMO_PASSWORD)
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=email,
            password=hashed,
            first_name="さくら",
            last_name="住民",
            email_verified_at=now,
        )
        for email in missing
    )
    ResidentProfile.objects.bulk_create(
        ResidentProfile(
            user=user,
            **{
                **RESIDENT_PROFILE,
                "family_name": "住民",
                "given_name": user.email.split("@")[0].removeprefix("resident-"),
            },
        )
        for user in users
    )
    return len(users)
