"""Short translated labels for organisation data (department and district names)."""

from django.conf import settings
from django.db import models
from django.utils import translation


class TranslatedNameMixin(models.Model):
    """``name`` is Japanese; ``name_translations`` maps language code → name.

    Organisation names are data, not UI strings, so they live in the database;
    a missing translation falls back to the Japanese name.
    """

    name = models.CharField(max_length=200)
    name_translations = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        return self.name_translations.get(language) or self.name
