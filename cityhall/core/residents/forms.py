"""Forms of resident accounts: they parse and normalise, services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.core.models import ResidentProfile, User
from cityhall.core.residents import cleaning
from cityhall.core.residents.services import resident_password_reset_request


class NormalizedEmailField(forms.EmailField):
    """An e-mail field that accepts full-width input (ｔａｒｏ＠…) and upper case."""

    widget = forms.EmailInput(
        attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}
    )

    def to_python(self, value: Any) -> str:
        return cleaning.clean_email(super().to_python(value) or "")


class LanguageSelect(forms.Select):
    """Each language is named in itself (English, 한국어...); ``lang`` on the option
    lets screen readers pronounce it in that language."""

    def create_option(self, name, value, label, selected, index, *args, **kwargs):  # type: ignore[no-untyped-def]
        option = super().create_option(
            name, value, label, selected, index, *args, **kwargs
        )
        if value:
            option["attrs"]["lang"] = str(value)
        return option


def _text(autocomplete: str | None = None, **attrs: str) -> forms.TextInput:
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return forms.TextInput(attrs=attrs)


class ResidentProfileForm(forms.Form):
    """The resident's own details (本人情報). Field names match the service."""

    family_name = forms.CharField(
        label=_("Family name"),
        max_length=cleaning.NAME_MAX_LENGTH,
        widget=_text("family-name"),
    )
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=cleaning.NAME_MAX_LENGTH,
        widget=_text("given-name"),
    )
    family_name_kana = forms.CharField(
        label=_("Family name (furigana)"),
        help_text=_("In hiragana or katakana."),
        max_length=cleaning.NAME_MAX_LENGTH,
        widget=_text(),
    )
    given_name_kana = forms.CharField(
        label=_("Given name (furigana)"),
        help_text=_("In hiragana or katakana."),
        max_length=cleaning.NAME_MAX_LENGTH,
        widget=_text(),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        help_text=_("Seven digits, for example 123-4567."),
        max_length=10,
        widget=_text("postal-code", inputmode="numeric"),
    )
    address = forms.CharField(
        label=_("Address"),
        help_text=_("Prefecture, city, street and building."),
        max_length=cleaning.ADDRESS_MAX_LENGTH,
        # One line holds the whole address; "street-address" is only valid on a
        # <textarea>, so the input takes the first-line token (valid HTML).
        widget=_text("address-line1"),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        help_text=_("So the city can call you about your requests, if needed."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        help_text=_("Pages and mails for you are shown in this language."),
        choices=ResidentProfile.Language.choices,
        initial=ResidentProfile.Language.JA,
        widget=LanguageSelect(),
    )

    def clean_family_name(self) -> str:
        return cleaning.clean_name(self.cleaned_data["family_name"])

    def clean_given_name(self) -> str:
        return cleaning.clean_name(self.cleaned_data["given_name"])

    def clean_family_name_kana(self) -> str:
        return cleaning.clean_furigana(self.cleaned_data["family_name_kana"])

    def clean_given_name_kana(self) -> str:
        return cleaning.clean_furigana(self.cleaned_data["given_name_kana"])

    def clean_postal_code(self) -> str:
        return cleaning.clean_postal_code(self.cleaned_data["postal_code"])

    def clean_address(self) -> str:
        return cleaning.clean_address(self.cleaned_data["address"])

    def clean_phone(self) -> str:
        return cleaning.clean_phone(self.cleaned_data["phone"])

    def profile_data(self) -> dict[str, str]:
        """The cleaned profile fields, as keyword arguments for the services."""
        return {
            name: self.cleaned_data[name] for name in ResidentProfileForm.base_fields
        }


class ResidentSignupForm(ResidentProfileForm):
    """Sign-up (利用者登録): account, profile and consent to the privacy policy."""

    email = NormalizedEmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to this address to confirm it is yours."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type the same password again."),
    )
    consent = forms.BooleanField(
        label=_("I agree to the privacy policy."),
        error_messages={
            "required": _("To create an account, agree to the privacy policy.")
        },
    )

    field_order = [
        "email",
        "password1",
        "password2",
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "postal_code",
        "address",
        "phone",
        "preferred_language",
        "consent",
    ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            # Compare with what the person typed, so "their name" counts as weak.
            candidate = User(
                email=cleaned.get("email") or "",
                first_name=cleaned.get("given_name") or "",
                last_name=cleaned.get("family_name") or "",
            )
            try:
                password_validation.validate_password(password1, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ResidentVerifyResendForm(forms.Form):
    """Ask for a new verification link."""

    email = NormalizedEmailField(label=_("E-mail address"))


class ResidentAccountDeleteForm(forms.Form):
    """Confirm deletion of the account with the current password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("The password is not correct."), code="password_incorrect"
            )
        return password


class ResidentPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail goes out through a task after commit, in
    the resident's language, and only to resident accounts."""

    email = NormalizedEmailField(label=_("E-mail address"), max_length=254)

    def save(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        resident_password_reset_request(email=self.cleaned_data["email"])


class ApiTokenCreateForm(forms.Form):
    """Name (and optionally an expiry date) of a new personal API token."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("So that you recognise it later, e.g. the program that uses it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        label=_("Expiry date"),
        required=False,
        help_text=_(
            "The token stops working at the end of this day. Leave empty for a "
            "token that works until you revoke it. Format: YYYY-MM-DD."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )

    def clean_expires_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("expires_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(
                _("The expiry date must be today or later."), code="past"
            )
        return value
