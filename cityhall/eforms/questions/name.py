"""A person's name with its reading (氏名とふりがな).

Four parts: family and given name, and their readings in kana. Readings are
stored in hiragana whatever the resident typed (カタカナ, ﾊﾝｶｸ), through
:mod:`cityhall.common.kana`. Option ``kana`` (default true) asks for readings.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhall.common.kana import is_kana_reading, normalize_furigana
from cityhall.common.normalize import normalize_name
from cityhall.eforms.questions.base import Question, QuestionType, required_message


def _text(label: Any, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


class PersonName(QuestionType):
    key = "name"
    label = _("Name with reading (furigana)")

    def _with_kana(self, question: Question) -> bool:
        return bool(question.options.get("kana", True))

    def fields(self, question: Question) -> dict[str, forms.Field]:
        fields: dict[str, forms.Field] = {
            "family": _text(_("Family name"), "family-name"),
            "given": _text(_("Given name"), "given-name"),
        }
        if self._with_kana(question):
            # No autocomplete token exists for readings; "off" keeps the
            # browser from offering the kanji name.
            fields["family_kana"] = _text(_("Family name (kana)"), "off")
            fields["given_kana"] = _text(_("Given name (kana)"), "off")
        return fields

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        value = {
            name: (
                normalize_furigana(parts.get(name) or "")
                if name.endswith("_kana")
                else normalize_name(parts.get(name) or "")
            )
            for name in self.fields(question)
        }
        if not any(value.values()):
            if question.required:
                raise forms.ValidationError({"family": [required_message(question)]})
            return None
        errors: dict[str, list[str]] = {}
        for name, text in value.items():
            if not text and name in ("family", "given"):
                errors[name] = [gettext("Enter the family and given name.")]
            elif not text:
                errors[name] = [gettext("Enter the reading in kana.")]
            elif name.endswith("_kana") and not is_kana_reading(text):
                errors[name] = [gettext("Enter the reading in hiragana or katakana.")]
        if errors:
            raise forms.ValidationError(errors)
        return value

    def initial(self, question: Question, value: Any) -> dict[str, Any]:
        return dict(value or {})

    def display(self, question: Question, value: Any) -> str:
        if not value:
            return ""
        name = f"{value['family']} {value['given']}"
        if value.get("family_kana"):
            name += f" ({value['family_kana']} {value['given_kana']})"
        return name
