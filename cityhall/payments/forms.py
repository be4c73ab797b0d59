"""Forms of the payments app's own pages (the sandbox provider's)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhall.payments.providers.sandbox import TEST_CARDS


class SandboxCardForm(forms.Form):
    """The sandbox's card page: a test card number, nothing else. The number
    is compared and dropped; it never reaches a model or a log."""

    card_number = forms.CharField(
        label=_("Card number"),
        help_text=_("One of the test card numbers listed on this page."),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_card_number(self) -> str:
        number = "".join(
            ch for ch in self.cleaned_data["card_number"] if ch not in " -"
        )
        if number not in TEST_CARDS:
            raise forms.ValidationError(
                _("This is not one of the sandbox's test card numbers."),
                code="unknown_test_card",
            )
        return number


class CardCheckoutForm(forms.Form):
    """The "pay by card" button of an invoice page. Its key is made when the
    page is drawn, so sending the same form twice (a double click, a reload)
    reaches the same payment attempt."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
