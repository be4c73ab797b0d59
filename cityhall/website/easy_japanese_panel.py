"""An editor panel that runs the easy-Japanese check on a page's text.

Shown in the page editor (Wagtail admin) next to the easy-Japanese fields of a
notice: it lists long sentences, honorifics, double negatives, difficult words
(with easier wording) and kanji without a known reading, for the text as last
saved, so that editors fix them before publishing. Add it to a page type's
panels with the names of the fields to check::

    EasyJapaneseCheckPanel(field_names=("easy_title", "easy_text"))
"""

from __future__ import annotations

import html
from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from cityhall.common.easy_japanese import MAX_SENTENCE_CHARS, easy_japanese_check
from cityhall.website.furigana_display import furigana_engine

FINDING_LABELS = {
    "long_sentence": _("Long sentence"),
    "honorific": _("Honorific"),
    "double_negative": _("Double negative"),
    "difficult_word": _("Difficult word"),
    "kanji_without_reading": _("Kanji without reading"),
}


def plain_text(value: Any) -> str:
    """Text of a field value: strings, rich text and stream fields alike."""
    if value is None:
        return ""
    if hasattr(value, "render_as_block"):
        value = value.render_as_block()
    return html.unescape(strip_tags(str(value)))


class EasyJapaneseCheckPanel(Panel):
    """Findings of the easy-Japanese check for ``field_names`` of the page."""

    def __init__(self, field_names: tuple[str, ...] = (), **kwargs: Any) -> None:
        kwargs.setdefault("heading", _("Easy Japanese check"))
        super().__init__(**kwargs)
        self.field_names = tuple(field_names)

    def clone_kwargs(self) -> dict[str, Any]:
        kwargs = super().clone_kwargs()
        kwargs["field_names"] = self.field_names
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "website/panels/easy_japanese_check.html"

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            texts = [
                plain_text(getattr(self.instance, name, ""))
                for name in self.panel.field_names
            ]
            text = "\n".join(t for t in texts if t.strip())
            findings = (
                easy_japanese_check(text, engine=furigana_engine()) if text else []
            )
            context.update(
                checked=bool(text),
                findings=[
                    {
                        "label": FINDING_LABELS.get(f.code, f.code),
                        "code": f.code,
                        "excerpt": f.excerpt,
                        "sentence": f.sentence,
                        "message": f.message,
                        "suggestion": f.suggestion,
                    }
                    for f in findings
                ],
                limit=MAX_SENTENCE_CHARS,
            )
            return context
