"""Forms of the sign-in pages. They only parse input: checking the password
happens in the views, after the login throttle has had its say."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cityhall.common.normalize import nfkc


class EmailPasswordForm(forms.Form):
    """Step 1 of both sign-ins: e-mail address and password."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        # Japanese keyboards easily type full-width letters (ｔａｒｏ＠…); accounts
        # are stored in lower case.
        return nfkc(self.cleaned_data["email"]).lower()


def _compact_code(value: str) -> str:
    """Codes are read off a phone or paper: ignore spaces, hyphens, width."""
    return re.sub(r"[\s\-]+", "", nfkc(value)).lower()


class SecondFactorForm(forms.Form):
    """Step 2 of the staff sign-in: a code from the app or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "Enter the 6-digit code shown in your authenticator app, or one of "
            "your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = _compact_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Enter a code."))
        return code


class TOTPConfirmForm(forms.Form):
    """Enrolment: prove the app was set up by typing its current code."""

    code = forms.CharField(
        label=_("6-digit code from the app"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def clean_code(self) -> str:
        code = _compact_code(self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the 6 digits shown in the app."))
        return code
