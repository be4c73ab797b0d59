"""Staff second factor (二要素認証): TOTP enrolment, recovery codes, reset.

TOTP devices and recovery codes are django-otp's models; these services are the
only code that creates, confirms or deletes them, and each change is audited.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cityhall.core.errors import SecondFactorError
from cityhall.core.models import User
from cityhall.core.services.audit import audit_log

RECOVERY_CODE_COUNT = 10
# Unambiguous characters only (no 0/O, 1/l/I): codes are read off paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def staff_totp_device_start(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed TOTP device, creating one with a fresh key.

    Reusing the pending device keeps the QR code stable if the page is reloaded
    while the user is scanning it.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=TOTP_DEVICE_NAME, confirmed=False
            )
    return device


def staff_totp_device_confirm(
    *, user: User, device: TOTPDevice, code: str
) -> list[str]:
    """Confirm ``device`` with a code from the app and issue recovery codes.

    Raises SecondFactorError (and changes nothing) when the code is wrong. Any
    other TOTP device of the user is removed, so one person has one
    authenticator. Returns the new recovery codes, which are shown once.
    """
    if device.user_id != user.pk or device.confirmed:
        raise SecondFactorError(_("This set-up has expired. Please start again."))
    # Verified outside the transaction: a wrong code must still count towards
    # django-otp's per-device throttle, which a rollback would undo.
    if not device.verify_token(code.strip()):
        raise SecondFactorError(
            _(
                "That code is not correct. Check the time on your phone and "
                "try the newest code."
            )
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user=user)
        audit_log(
            actor=user,
            action="staff.second_factor_enrol",
            target=user,
            data={"device": device.persistent_id},
        )
    return codes


def _new_recovery_code() -> str:
    return "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))


def _recovery_codes_replace(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code) for code in codes]
    )
    return codes


def staff_recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones (the old stop working)."""
    with transaction.atomic():
        codes = _recovery_codes_replace(user=user)
        audit_log(actor=user, action="staff.recovery_codes_regenerate", target=user)
    return codes


def staff_second_factor_reset(*, user: User, reset_by: User) -> None:
    """Remove every second-factor device of ``user`` (a lost phone).

    The user enrols again at the next sign-in. Only the IT policy division
    should call this, after checking the person's identity in person.
    """
    if reset_by.pk == user.pk:
        raise SecondFactorError(
            _("You cannot reset your own second factor."), code="second_factor_self"
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_log(actor=reset_by, action="staff.second_factor_reset", target=user)


def staff_sign_in_record(*, user: User, method: str) -> None:
    """Audit a completed staff sign-in and which second factor was used
    (``totp`` or ``recovery_code``)."""
    audit_log(actor=user, action="staff.sign_in", target=user, data={"method": method})
