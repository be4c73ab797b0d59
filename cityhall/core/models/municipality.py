"""The municipality as data: profile, districts (地区) and departments (部・課)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel, TimeStampedModel
from cityhall.core.models.translated import TranslatedNameMixin


class Municipality(TranslatedNameMixin, TimeStampedModel):
    """The one municipality this installation serves (a singleton row)."""

    local_government_code = models.CharField(
        _("local government code"),
        max_length=6,
        unique=True,
        help_text=_("全国地方公共団体コード, six digits with the check digit."),
    )
    name_kana = models.CharField(_("name (kana)"), max_length=200, blank=True)
    prefecture = models.CharField(_("prefecture"), max_length=20)
    postal_code = models.CharField(_("postal code"), max_length=8)
    address = models.CharField(_("address"), max_length=300)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    website_url = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="municipality/", blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    opening_hours_translations = models.JSONField(default=dict, blank=True)
    enabled_languages = models.JSONField(
        _("enabled languages"), default=list, help_text=_("Language codes shown.")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipality")
        ordering = ["local_government_code"]

    def display_opening_hours(self, language: str | None = None) -> str:
        from django.utils import translation

        language = language or translation.get_language() or settings.LANGUAGE_CODE
        return self.opening_hours_translations.get(language) or self.opening_hours


class District(TranslatedNameMixin, TimeStampedModel):
    """A district (地区) of the municipality, e.g. 黒羽."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="districts"
    )
    code = models.SlugField(max_length=40)
    name_kana = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="district_unique_code"
            )
        ]


class Department(TranslatedNameMixin, PublicIdModel):
    """A department (部) or a division (課) under one, with its contact details."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="departments"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent department"),
    )
    code = models.SlugField(_("code"), max_length=60)
    name_kana = models.CharField(_("name (kana)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    fax = models.CharField(_("fax"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    location_translations = models.JSONField(default=dict, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="department_unique_code"
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="department_not_own_parent",
            ),
        ]

    @property
    def is_division(self) -> bool:
        """A 課 is a department with a parent 部."""
        return self.parent_id is not None

    def display_location(self, language: str | None = None) -> str:
        from django.utils import translation

        language = language or translation.get_language() or settings.LANGUAGE_CODE
        return self.location_translations.get(language) or self.location
