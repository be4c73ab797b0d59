"""Factories for core: staff users, organisation, roles, second factors.

Other apps' tests import these rather than defining their own."""

from __future__ import annotations

import datetime as dt
import time

import factory
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cityhall.core.models import (
    Department,
    District,
    Municipality,
    ResidentProfile,
    Role,
    RoleAssignment,
    User,
)

PASSWORD = "nasu-highland-2024!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.jp")
    is_active = True
    is_staff = False
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@city.example.jp")
    is_staff = True


class ResidentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentProfile

    user = factory.SubFactory(UserFactory)
    family_name = "佐藤"
    given_name = factory.Sequence(lambda n: f"花子{n}")
    family_name_kana = "さとう"
    given_name_kana = "はなこ"
    postal_code = "100-0001"
    address = "東京都千代田区千代田1-1"
    phone = "03-1234-5678"
    preferred_language = ResidentProfile.Language.JA


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("local_government_code",)

    name = "見本市"
    name_translations = factory.LazyFunction(lambda: {"en": "Sample City"})
    name_kana = "みほんし"
    local_government_code = "999999"
    prefecture = "見本県"
    postal_code = "100-0001"
    address = "見本県見本市本町1-1"
    phone = "03-0000-0000"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"district-{n}")
    name = factory.Sequence(lambda n: f"地区{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"課{n}")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    """A role assignment written directly (tests of the services use the service)."""

    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(StaffFactory)
    role = Role.GENERAL_STAFF
    department = factory.SubFactory(DepartmentFactory)
    valid_from = factory.LazyFunction(lambda: dt.date(2020, 4, 1))
    valid_until = None


def totp_device_for(user: User, *, confirmed: bool = True) -> TOTPDevice:
    """A TOTP device for ``user``."""
    return TOTPDevice.objects.create(user=user, name="test", confirmed=confirmed)


def totp_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The device's code now (or ``offset_steps`` time steps later), as typed."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return str(totp.token()).zfill(device.digits)
