"""Base models every Cityhall app builds on."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds ``created_at``/``updated_at`` (stored in UTC)."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class PublicIdModel(TimeStampedModel):
    """A model reachable from public URLs by an unguessable UUID, never its pk."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class SearchEntry(TimeStampedModel):
    """One searchable object in one language, as the Japanese site search sees it.

    An entry points at any object (content type + object id): a website page, a
    notice, a dataset, a procedure, a facility. Each app that has searchable
    objects registers a source (:mod:`cityhall.common.search.sources`) and keeps
    its entries up to date through :mod:`cityhall.common.search.indexing`.
    Derived data, like a cache: never edited by hand, rebuilt by
    ``manage.py rebuild_search_index``. Text is stored both as shown (for
    snippets) and folded (NFKC, casefold, hiragana) so that substring matching
    works on unsegmented Japanese (docs/adr/0003).
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    # The identifier clients see (a page's translation key, an object's
    # public_id): the same for every language version of the object.
    public_key = models.UUIDField()
    language_code = models.CharField(max_length=20)
    # The language the title and body are written in when it is not
    # language_code (an untranslated page shown in Japanese); "" otherwise.
    text_language_code = models.CharField(max_length=20, blank=True, default="")
    url_path = models.CharField(max_length=2048)
    title = models.CharField(max_length=255)
    title_folded = models.TextField()
    body_text = models.TextField(blank=True)
    body_folded = models.TextField(blank=True)
    # "app_label.modelname" of the object's specific class; its verbose name is
    # looked up when results are shown so the label follows the reader's language.
    content_type_label = models.CharField(max_length=100)
    date = models.DateField(null=True, blank=True)
    is_public = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["-date", "title"]
        indexes = [
            models.Index(
                fields=["language_code", "is_public"], name="search_entry_lang_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language_code"],
                name="search_entry_one_per_object_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language_code}: {self.title}"


class ReadingEntry(PublicIdModel):
    """One reading of the municipality's reading dictionary (読み辞書).

    Local readings that a general dictionary gets wrong: place names (福原 ふくわら,
    蛇尾川 さびがわ), facilities, people's names. One installation serves one
    municipality, so the dictionary needs no municipality column (and ``common``
    cannot refer to ``core``). Entries from Japan Post's data are seeded by
    ``manage.py furigana_seed``; staff add and correct entries in the console.
    A staff entry is never overwritten by seeding.
    """

    class Source(models.TextChoices):
        POSTAL = "postal", _("Japan Post address data")
        DISTRICT = "district", _("District of the municipality")
        STAFF = "staff", _("Entered by staff")

    surface = models.CharField(
        _("written form"),
        max_length=60,
        unique=True,
        help_text=_("The word as written, e.g. a place name in kanji."),
    )
    reading = models.CharField(
        _("reading"), max_length=120, help_text=_("The reading in hiragana.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.STAFF
    )

    class Meta:
        verbose_name = _("reading dictionary entry")
        verbose_name_plural = _("reading dictionary")
        ordering = ["reading", "surface"]

    def __str__(self) -> str:
        return f"{self.surface} ({self.reading})"
