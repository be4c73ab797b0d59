"""The UI is translated into every supported language, and what is served is
what the catalogues say."""

import pytest

from cityhall.common.translation_catalogues import (
    REQUIRED_LANGUAGES,
    catalogue_check,
    catalogue_is_compiled,
    catalogue_paths,
)


def test_every_required_language_has_a_catalogue():
    """Every required language (ja, zh-hans, ko, vi, tl, pt-br) has a django.po."""
    languages = {path.parent.parent.name for path in catalogue_paths()}
    assert set(REQUIRED_LANGUAGES) <= languages


@pytest.mark.parametrize(
    "path",
    [p for p in catalogue_paths() if p.parent.parent.name in REQUIRED_LANGUAGES],
    ids=lambda p: f"{p.parent.parent.name}/{p.name}",
)
def test_catalogue_is_complete(path):
    """No message is left untranslated or fuzzy (fuzzy entries are not served)."""
    report = catalogue_check(path)
    assert report.untranslated == [], report.untranslated[:20]
    assert report.fuzzy == [], report.fuzzy[:20]


@pytest.mark.parametrize(
    "path", catalogue_paths(), ids=lambda p: str(p.parent.parent.name)
)
def test_compiled_catalogue_matches_source(path):
    """The committed .mo is rebuilt from the .po (run `make messages`)."""
    assert catalogue_is_compiled(path)


_PLACEHOLDER = r"%\([a-zA-Z_0-9]+\)[sdr]|%[sdr]|\{[a-zA-Z_0-9]*\}"


@pytest.mark.parametrize(
    "path", catalogue_paths(), ids=lambda p: str(p.parent.parent.name)
)
def test_translations_keep_placeholders(path):
    """A translation uses exactly the placeholders of its source message, so
    interpolation never fails or drops a value at run time."""
    import re

    import polib

    broken = []
    for entry in polib.pofile(str(path)).translated_entries():
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [
                (entry.msgid_plural, text) for text in entry.msgstr_plural.values()
            ]
        for source, text in pairs:
            if sorted(re.findall(_PLACEHOLDER, source)) != sorted(
                re.findall(_PLACEHOLDER, text)
            ):
                broken.append(entry.msgid)
    assert broken == [], broken[:20]
