"""Checking and compiling the UI message catalogues (locale/<lang>/LC_MESSAGES).

Compiled ``.mo`` files are committed so that a fresh machine needs no GNU gettext;
``manage.py compile_catalogues`` rebuilds them with polib, and the test suite fails
when a catalogue is incomplete or its ``.mo`` is stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings

#: Languages whose catalogue must translate every message. English msgids are the
#: source text, so the English catalogue may leave entries empty.
REQUIRED_LANGUAGES = ("ja", "zh_Hans", "ko", "vi", "tl", "pt_BR")


@dataclass
class CatalogueReport:
    path: Path
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)


def catalogue_paths() -> list[Path]:
    """Every .po file under the project's LOCALE_PATHS."""
    paths: list[Path] = []
    for base in settings.LOCALE_PATHS:
        paths.extend(sorted(Path(base).glob("*/LC_MESSAGES/*.po")))
    return paths


def catalogue_check(path: Path) -> CatalogueReport:
    """Untranslated and fuzzy entries of one catalogue."""
    po = polib.pofile(str(path))
    report = CatalogueReport(path=path)
    report.untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    report.fuzzy = [e.msgid for e in po.fuzzy_entries() if not e.obsolete]
    return report


def catalogue_compile(path: Path) -> Path:
    """Write the .mo beside the .po and return its path."""
    mo_path = path.with_suffix(".mo")
    polib.pofile(str(path)).save_as_mofile(str(mo_path))
    return mo_path


def catalogue_is_compiled(path: Path) -> bool:
    """True when the .mo beside ``path`` holds exactly the .po's translations."""
    mo_path = path.with_suffix(".mo")
    if not mo_path.exists():
        return False
    po = polib.pofile(str(path))
    mo = polib.mofile(str(mo_path))
    expected = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in po.translated_entries()
    }
    actual = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in mo
        if e.msgid
    }
    return expected == actual
