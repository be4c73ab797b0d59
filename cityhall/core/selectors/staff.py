"""Reads about staff sign-in: second-factor devices."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cityhall.core.models import User


def staff_totp_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator (TOTP) device, if enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def staff_has_second_factor(user: Any) -> bool:
    """True when the user has finished enrolling an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def staff_recovery_device(user: Any) -> StaticDevice | None:
    """The user's recovery-code device, if they have one."""
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def staff_recovery_codes_left(user: Any) -> int:
    """How many unused recovery codes the user has."""
    device = staff_recovery_device(user)
    return device.token_set.count() if device else 0


def staff_second_factor_overview() -> QuerySet[User]:
    """Active staff members with whether each has an enrolled authenticator
    (``has_authenticator``), for the IT policy division's reset screen."""
    enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        User.objects.filter(is_staff=True, is_active=True)
        .annotate(has_authenticator=Exists(enrolled))
        .order_by("email")
    )


def staff_member_for_reset(*, public_id: Any) -> User | None:
    """One active staff member by public id (the reset screen's only look-up)."""
    return User.objects.filter(
        public_id=public_id, is_staff=True, is_active=True
    ).first()
