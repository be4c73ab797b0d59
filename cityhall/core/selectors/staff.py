"""Reads about staff sign-in: second-factor devices."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


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
