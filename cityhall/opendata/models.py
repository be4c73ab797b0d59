"""The open-data catalogue (オープンデータ): datasets, resources and their versions.

* A :class:`Dataset` is CKAN's *package*: metadata (title, description, 担当課 as
  organisation, tags, groups, licence, update frequency, contact, coverage) and
  a list of resources. ``name`` is CKAN's URL slug; ``public_id`` is the UUID
  clients use as the package ``id``.
* A :class:`Resource` is one file or link of a dataset (CSV, XLSX, JSON,
  GeoJSON, PDF, link). Its uploads are :class:`ResourceVersion` rows; only a
  version that validated becomes ``current_version`` (live), so a broken upload
  leaves the previous version live.
* A tabular version's rows are loaded into its own datastore table (one real
  table per version, typed columns, indexes: see :mod:`cityhall.opendata.datastore`).
* :class:`Tag` and :class:`Group` (テーマ) classify datasets.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel, TimeStampedModel
from cityhall.core.models.translated import TranslatedNameMixin


def _translated(value: str, translations: dict[str, str], language: str | None) -> str:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return translations.get(language) or value


class License(models.TextChoices):
    """Licences a dataset can carry (CKAN ``license_id`` values)."""

    CC_BY_4_0 = "CC-BY-4.0", _("Creative Commons Attribution 4.0")
    CC0_1_0 = "CC0-1.0", _("Creative Commons Zero 1.0 (public domain)")
    CC_BY_SA_4_0 = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    PDL_1_0 = "PDL-1.0", _("Public Data License (Japan) 1.0")
    OTHER = "other", _("Other (see the description)")


LICENSE_URLS: dict[str, str] = {
    License.CC_BY_4_0: "https://creativecommons.org/licenses/by/4.0/",
    License.CC0_1_0: "https://creativecommons.org/publicdomain/zero/1.0/",
    License.CC_BY_SA_4_0: "https://creativecommons.org/licenses/by-sa/4.0/",
    License.PDL_1_0: "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
    License.OTHER: "",
}


class UpdateFrequency(models.TextChoices):
    """How often a dataset is updated (Dublin Core / EU frequency vocabulary)."""

    CONTINUOUS = "continuous", _("Continuously (generated from the platform)")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annually")
    IRREGULAR = "irregular", _("Irregularly")


class DatasetState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Tag(models.Model):
    """A free keyword (タグ) on datasets; CKAN's tag ``name``."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Group(TranslatedNameMixin, PublicIdModel):
    """A theme (分類) grouping datasets; CKAN's *group*.

    ``code`` is CKAN's group ``name`` (slug), ``name`` the Japanese title.
    """

    code = models.SlugField(_("code"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_translations = models.JSONField(default=dict, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "code"]

    def display_description(self, language: str | None = None) -> str:
        return _translated(self.description, self.description_translations, language)


class Dataset(PublicIdModel):
    """A dataset (データセット), CKAN's *package*."""

    name = models.SlugField(
        _("URL name"),
        max_length=100,
        unique=True,
        help_text=_("Lower-case letters, digits, - and _; used in URLs and the API."),
    )
    title = models.CharField(_("title"), max_length=300)
    title_translations = models.JSONField(default=dict, blank=True)
    notes = models.TextField(_("description"), blank=True)
    notes_translations = models.JSONField(default=dict, blank=True)
    organisation = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        related_name="datasets",
        verbose_name=_("responsible division"),
        help_text=_("担当課: the division that publishes and answers for the data."),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="datasets")
    groups = models.ManyToManyField(Group, blank=True, related_name="datasets")
    license_id = models.CharField(
        _("licence"), max_length=20, choices=License.choices, default=License.CC_BY_4_0
    )
    update_frequency = models.CharField(
        _("update frequency"),
        max_length=20,
        choices=UpdateFrequency.choices,
        default=UpdateFrequency.IRREGULAR,
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    spatial = models.CharField(
        _("spatial coverage"),
        max_length=200,
        blank=True,
        help_text=_("Place the data covers, e.g. the city or a district."),
    )
    # [west, south, east, north] in WGS 84, for DCAT and map layers.
    spatial_bbox = models.JSONField(null=True, blank=True)
    temporal_start = models.DateField(_("covers from"), null=True, blank=True)
    temporal_end = models.DateField(_("covers until"), null=True, blank=True)
    schema_key = models.CharField(
        _("standard dataset"),
        max_length=60,
        blank=True,
        help_text=_("The 自治体標準オープンデータセット schema its tables follow."),
    )
    generator_key = models.CharField(
        max_length=100,
        blank=True,
        help_text="Set when the platform generates this dataset (see generators).",
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=DatasetState.choices,
        default=DatasetState.DRAFT,
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    # Folded (NFKC, casefold, hiragana) title, notes, tags, organisation and groups
    # in every language, for substring search (ADR 0003); derived, set by services.
    search_folded = models.TextField(blank=True, editable=False)
    title_folded = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["name"]
        indexes = [models.Index(fields=["state", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(temporal_end__isnull=True)
                | models.Q(temporal_start__isnull=True)
                | models.Q(temporal_end__gte=models.F("temporal_start")),
                name="opendata_dataset_temporal_order",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title()

    def display_title(self, language: str | None = None) -> str:
        return _translated(self.title, self.title_translations, language)

    def display_notes(self, language: str | None = None) -> str:
        return _translated(self.notes, self.notes_translations, language)

    @property
    def is_published(self) -> bool:
        return self.state == DatasetState.PUBLISHED


class ResourceFormat(models.TextChoices):
    CSV = "CSV", "CSV"
    XLSX = "XLSX", "XLSX"
    JSON = "JSON", "JSON"
    GEOJSON = "GeoJSON", "GeoJSON"
    PDF = "PDF", "PDF"
    LINK = "LINK", _("Link")


#: Formats whose uploads are parsed as tables and loaded into the datastore.
TABULAR_FORMATS = frozenset({ResourceFormat.CSV, ResourceFormat.XLSX})


class Resource(PublicIdModel):
    """One file or link of a dataset (リソース)."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="resources"
    )
    name = models.CharField(_("name"), max_length=300)
    name_translations = models.JSONField(default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_translations = models.JSONField(default=dict, blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=ResourceFormat.choices
    )
    url = models.URLField(
        _("external URL"),
        max_length=2000,
        blank=True,
        help_text=_("For a link resource: where the data is."),
    )
    schema_key = models.CharField(
        _("table schema"),
        max_length=60,
        blank=True,
        help_text=_("Built-in Table Schema the table is validated against."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    current_version = models.ForeignKey(
        "ResourceVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The live version: the latest upload that validated.",
    )

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["dataset_id", "position", "pk"]

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        return _translated(self.name, self.name_translations, language)

    def display_description(self, language: str | None = None) -> str:
        return _translated(self.description, self.description_translations, language)

    @property
    def is_tabular(self) -> bool:
        return self.format in TABULAR_FORMATS

    @property
    def datastore_active(self) -> bool:
        version = self.current_version
        return bool(version and version.datastore_table)


class VersionStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    INVALID = "invalid", _("Rejected")


def _version_upload_to(instance: ResourceVersion, filename: str) -> str:
    return f"opendata/{instance.resource.public_id}/{instance.public_id}/{filename}"


class ResourceVersion(PublicIdModel):
    """One upload of a resource, with its validation report.

    A valid version of a tabular resource has its rows in ``datastore_table``;
    ``fields`` lists its columns (Table Schema field descriptors, in order).
    Rejected versions are kept, with their report, for the staff console.
    """

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_version_upload_to, blank=True, max_length=500)
    original_filename = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    detected_encoding = models.CharField(
        _("detected encoding"), max_length=30, blank=True
    )
    status = models.CharField(max_length=10, choices=VersionStatus.choices)
    report = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    fields = models.JSONField(default=list, blank=True)
    datastore_table = models.CharField(max_length=63, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        ordering = ["resource_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "number"], name="opendata_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} v{self.number}"


class GeneratedDatasetRun(TimeStampedModel):
    """When a platform generator last rebuilt its dataset, and how many rows."""

    key = models.CharField(max_length=100, unique=True)
    row_count = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["key"]
