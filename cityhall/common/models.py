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
    """One page of the website as the Japanese site search sees it.

    Derived data, like a cache: rebuilt from Wagtail pages by
    ``cityhall.common.search.indexing`` and never edited by hand. Text is stored
    both as shown (for snippets) and folded (NFKC, casefold, hiragana) so that
    substring matching works on unsegmented Japanese (docs/adr/0003).
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    language_code = models.CharField(max_length=20)
    url_path = models.CharField(max_length=2048)
    title = models.CharField(max_length=255)
    title_folded = models.TextField()
    body_text = models.TextField(blank=True)
    body_folded = models.TextField(blank=True)
    # "app_label.modelname" of the specific page class; its verbose name is looked
    # up when results are shown so the label follows the reader's language.
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

    def __str__(self) -> str:
        return f"{self.language_code}: {self.title}"
