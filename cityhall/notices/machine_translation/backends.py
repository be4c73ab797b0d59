"""Machine-translation engines, written to the services' public HTTP APIs.

Each is a wagtail-localize ``BaseMachineTranslator``: it receives the source
strings (segments, HTML-ish inline markup kept as ``<a id=…>`` tags by
wagtail-localize) and returns their translations in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

from cityhall.common.errors import ApplicationError

ANSWER_ERROR = _("The machine translation service did not answer properly.")


class MachineTranslationError(ApplicationError):
    """The engine could not translate (unreachable, refused, malformed).

    Codes: ``machine_translation_failed``, ``machine_translation_off``,
    ``language_not_supported``.
    """

    code = "machine_translation_failed"
    status = 502


def _post(url: str, *, json: dict[str, Any], headers: dict[str, str]) -> Any:
    try:
        response = requests.post(
            url,
            json=json,
            headers=headers,
            timeout=settings.CITYHALL_MACHINE_TRANSLATION_TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise MachineTranslationError(ANSWER_ERROR) from error


class LibreTranslateTranslator(BaseMachineTranslator):
    """LibreTranslate (self-hosted or libretranslate.com): ``POST /translate``
    with a JSON body of the strings, HTML format, and the API key if set."""

    display_name = "LibreTranslate"
    #: Site language code → LibreTranslate code.
    LANGUAGES = {
        "ja": "ja",
        "en": "en",
        "zh-hans": "zh",
        "ko": "ko",
        "vi": "vi",
        "tl": "tl",
        "pt-br": "pt",
    }

    def _code(self, locale: Any) -> str | None:
        return self.LANGUAGES.get(locale.language_code)

    def can_translate(self, source_locale: Any, target_locale: Any) -> bool:
        source, target = self._code(source_locale), self._code(target_locale)
        return bool(source and target and source != target)

    def translate(
        self, source_locale: Any, target_locale: Any, strings: Iterable[StringValue]
    ) -> dict[StringValue, StringValue]:
        strings = list(strings)
        body: dict[str, Any] = {
            "q": [string.data for string in strings],
            "source": self._code(source_locale),
            "target": self._code(target_locale),
            "format": "html",
        }
        if settings.CITYHALL_LIBRETRANSLATE_API_KEY:
            body["api_key"] = settings.CITYHALL_LIBRETRANSLATE_API_KEY
        answer = _post(
            settings.CITYHALL_LIBRETRANSLATE_URL.rstrip("/") + "/translate",
            json=body,
            headers={"Accept": "application/json"},
        )
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, list) or len(translated) != len(strings):
            raise MachineTranslationError(ANSWER_ERROR)
        return {
            string: StringValue(text)
            for string, text in zip(strings, translated, strict=True)
        }


class DeepLTranslator(BaseMachineTranslator):
    """DeepL API v2: ``POST /v2/translate`` with the key in the
    ``Authorization: DeepL-Auth-Key`` header and HTML tag handling."""

    display_name = "DeepL"
    SOURCE = {"ja": "JA", "en": "EN", "zh-hans": "ZH", "ko": "KO", "pt-br": "PT"}
    TARGET = {
        "ja": "JA",
        "en": "EN-US",
        "zh-hans": "ZH-HANS",
        "ko": "KO",
        "vi": "VI",
        "pt-br": "PT-BR",
    }

    def can_translate(self, source_locale: Any, target_locale: Any) -> bool:
        return (
            source_locale.language_code in self.SOURCE
            and target_locale.language_code in self.TARGET
            and source_locale.language_code != target_locale.language_code
        )

    def translate(
        self, source_locale: Any, target_locale: Any, strings: Iterable[StringValue]
    ) -> dict[StringValue, StringValue]:
        strings = list(strings)
        answer = _post(
            settings.CITYHALL_DEEPL_URL.rstrip("/") + "/v2/translate",
            json={
                "text": [string.data for string in strings],
                "source_lang": self.SOURCE[source_locale.language_code],
                "target_lang": self.TARGET[target_locale.language_code],
                "tag_handling": "html",
            },
            headers={
                "Authorization": f"DeepL-Auth-Key {settings.CITYHALL_DEEPL_API_KEY}",
                "Accept": "application/json",
            },
        )
        translations = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(translations, list) or len(translations) != len(strings):
            raise MachineTranslationError(ANSWER_ERROR)
        return {
            string: StringValue(item["text"])
            for string, item in zip(strings, translations, strict=True)
        }


ENGINES: dict[str, type[BaseMachineTranslator]] = {
    "libretranslate": LibreTranslateTranslator,
    "deepl": DeepLTranslator,
}


def machine_translator() -> BaseMachineTranslator | None:
    """The engine ``CITYHALL_MACHINE_TRANSLATION`` names, or None for "none"."""
    engine = ENGINES.get(settings.CITYHALL_MACHINE_TRANSLATION)
    return engine({}) if engine else None


class ConfiguredTranslator(BaseMachineTranslator):
    """What ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` names: the configured engine."""

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.engine = machine_translator()
        self.display_name = self.engine.display_name if self.engine else "none"

    def can_translate(self, source_locale: Any, target_locale: Any) -> bool:
        return bool(
            self.engine and self.engine.can_translate(source_locale, target_locale)
        )

    def translate(self, source_locale: Any, target_locale: Any, strings: Any) -> Any:
        assert self.engine is not None
        return self.engine.translate(source_locale, target_locale, strings)
