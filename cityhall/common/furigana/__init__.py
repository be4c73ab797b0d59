"""Furigana (ふりがな, ruby readings) for Japanese text; see docs/furigana.md."""

from cityhall.common.furigana.engine import (
    FuriganaEngine,
    Segment,
    needs_reading,
    ruby_parts,
)

__all__ = ["FuriganaEngine", "Segment", "needs_reading", "ruby_parts"]
