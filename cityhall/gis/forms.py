"""The "nearest to me" form of every map: a layer and where to measure from."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

#: The fields that say where the resident is; the first one filled in is used.
ORIGIN_FIELDS = ("district", "postal_code", "address")


class NearestForm(forms.Form):
    layer = forms.ChoiceField(label=_("What to find"), required=False)
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        help_text=_("Choose your district, or enter a postal code or an address."),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        required=False,
        max_length=10,
        help_text=_("For example 324-0056."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    address = forms.CharField(
        label=_("Address or place name"),
        required=False,
        max_length=200,
        help_text=_("The town name is enough, for example 黒羽向町."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(
        self,
        *args: object,
        layer_choices: list[tuple[str, str]],
        district_choices: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["layer"].choices = layer_choices  # type: ignore[attr-defined]
        self.fields["district"].choices = [  # type: ignore[attr-defined]
            ("", _("(not chosen)")),
            *district_choices,
        ]

    def origin_given(self) -> bool:
        """Whether the resident said where they are (else the list is by name)."""
        return any(self.cleaned_data.get(name) for name in ORIGIN_FIELDS)
