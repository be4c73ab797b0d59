"""The Japanese font embedded in every PDF the payments app makes.

IPAex Gothic (IPA Font License) ships inside the ``japanize-matplotlib`` wheel,
a project dependency, so the documents look the same on every machine and need
no system font. reportlab embeds the subset of glyphs a document uses.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "IPAexGothic"


def font_path() -> Path:
    """Where the installed IPAex Gothic TTF is (found without importing the
    package, whose import would configure matplotlib)."""
    spec = importlib.util.find_spec("japanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("japanize-matplotlib is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"


@functools.cache
def japanese_font() -> str:
    """Register the font with reportlab once and return its name."""
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path())))
    return FONT_NAME
