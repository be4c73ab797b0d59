"""Factories for resident accounts (verified, active residents by default)."""

from __future__ import annotations

import factory
from django.utils import timezone

from cityhall.core.models import ResidentProfile, User

#: The password every factory-made account has.
PASSWORD = "kuroba-river-2024!"


class ResidentUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"resident{n}@example.jp")
    is_active = True
    is_staff = False
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)


class StaffUserFactory(ResidentUserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@city.example.jp")
    is_staff = True


class ResidentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentProfile

    user = factory.SubFactory(ResidentUserFactory)
    family_name = "山田"
    given_name = factory.Sequence(lambda n: f"太郎{n}")
    family_name_kana = "やまだ"
    given_name_kana = "たろう"
    postal_code = "324-8641"
    address = "栃木県大田原市本町1-4-1"
    phone = "0287-23-1111"
    preferred_language = ResidentProfile.Language.JA
