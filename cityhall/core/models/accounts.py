"""Accounts: one user model for staff and residents, and the resident profile."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import TimeStampedModel


class CityhallUserManager(UserManager):
    """Users sign in with their e-mail address; there is no separate username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):  # type: ignore[override]
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: staff (``is_staff``) or a resident."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email_verified_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = CityhallUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class ResidentProfile(TimeStampedModel):
    """Personal data a resident gives us; deleted with the account."""

    class Language(models.TextChoices):
        JA = "ja", "日本語"
        EN = "en", "English"
        ZH_HANS = "zh-hans", "简体中文"
        KO = "ko", "한국어"
        VI = "vi", "Tiếng Việt"
        TL = "tl", "Tagalog"
        PT_BR = "pt-br", "Português (Brasil)"

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="resident_profile"
    )
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name_kana = models.CharField(_("family name (furigana)"), max_length=100)
    given_name_kana = models.CharField(_("given name (furigana)"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=Language.choices,
        default=Language.JA,
    )

    class Meta:
        verbose_name = _("resident profile")
        verbose_name_plural = _("resident profiles")
        ordering = ["family_name_kana", "given_name_kana"]

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_name}"
