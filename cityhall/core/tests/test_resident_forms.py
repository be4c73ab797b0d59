"""Resident forms and the cleaning they rely on: normalisation of what residents
type, clear rejection of what cannot be normalised, accessible field markup."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation

from cityhall.core.residents import cleaning
from cityhall.core.residents.errors import ResidentInputError
from cityhall.core.residents.forms import (
    ResidentProfileForm,
    ResidentSignupForm,
    ResidentVerifyResendForm,
)
from cityhall.core.residents.services import resident_profile_update
from cityhall.core.tests.factories import ResidentProfileFactory

PASSWORD = "nasu-highland-7731?"


def profile_data(**overrides):
    data = {
        "family_name": "佐藤",
        "given_name": "花子",
        "family_name_kana": "さとう",
        "given_name_kana": "はなこ",
        "postal_code": "324-8641",
        "address": "栃木県大田原市本町1-4-1",
        "phone": "",
        "preferred_language": "ja",
    }
    data.update(overrides)
    return data


def signup_form(**overrides):
    data = {
        "email": "hanako@example.jp",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
        **profile_data(),
    }
    data.update(overrides)
    return ResidentSignupForm(data)


def test_full_width_phone_is_stored_half_width():
    """０２８７－２３－１１１１ becomes 0287-23-1111."""
    form = ResidentProfileForm(profile_data(phone="０２８７－２３－１１１１"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "0287-23-1111"


def test_phone_is_optional():
    """An empty phone number is accepted and stored empty."""
    form = ResidentProfileForm(profile_data(phone=""))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == ""


def test_phone_with_too_few_digits_is_rejected():
    """A phone number must have 10 or 11 digits."""
    form = ResidentProfileForm(profile_data(phone="123-45"))

    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["phone"]] == ["invalid_phone"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("サトウ", "さとう"),
        ("ｻﾄｳ", "さとう"),
        ("さとう", "さとう"),
        ("ヴァン ダム", "ゔぁん だむ"),
    ],
)
def test_furigana_is_stored_as_hiragana(typed, stored):
    """Katakana (also half-width) and hiragana readings are stored as hiragana."""
    form = ResidentProfileForm(profile_data(family_name_kana=typed))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["family_name_kana"] == stored


@pytest.mark.parametrize("typed", ["佐藤", "Sato", "さとう1"])
def test_non_kana_furigana_is_rejected(typed):
    """Kanji, Latin letters or digits in a reading are refused with a clear
    message on the field."""
    form = ResidentProfileForm(profile_data(given_name_kana=typed))

    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["given_name_kana"]] == ["not_kana"]
    with translation.override("en"):
        assert form.errors["given_name_kana"] == [
            "Enter the reading in hiragana or katakana only."
        ]


def test_postal_code_is_normalised():
    """〒３２４ー８６４１ and 3248641 are both stored as 324-8641."""
    for typed in ("〒３２４ー８６４１", "3248641"):
        form = ResidentProfileForm(profile_data(postal_code=typed))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["postal_code"] == "324-8641"


def test_short_postal_code_is_rejected():
    """A postal code without seven digits is refused."""
    form = ResidentProfileForm(profile_data(postal_code="324-86"))

    assert not form.is_valid()
    assert "postal_code" in form.errors


def test_names_are_nfkc_normalised():
    """Full-width Latin letters and runs of spaces in names are folded."""
    form = ResidentProfileForm(profile_data(family_name="ＳＭＩＴＨ　 Ｊｒ"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["family_name"] == "SMITH Jr"


def test_unknown_language_is_rejected():
    """Only the offered languages can be chosen."""
    form = ResidentProfileForm(profile_data(preferred_language="fr"))

    assert not form.is_valid()
    assert "preferred_language" in form.errors


def test_full_width_email_is_normalised():
    """ＨＡＮＡＫＯ＠ＥＸＡＭＰＬＥ.ＪＰ is accepted as hanako@example.jp."""
    form = ResidentVerifyResendForm({"email": "ＨＡＮＡＫＯ＠ＥＸＡＭＰＬＥ．ＪＰ"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "hanako@example.jp"


def test_signup_form_accepts_valid_input():
    """A complete sign-up validates."""
    form = signup_form()

    assert form.is_valid(), form.errors


def test_signup_passwords_must_match():
    """Two different passwords are reported on the second field."""
    form = signup_form(password2="something-else-9981")

    assert not form.is_valid()
    assert list(form.errors) == ["password2"]


def test_signup_rejects_weak_password():
    """Django's password validators apply (here: too short)."""
    form = signup_form(password1="short", password2="short")

    assert not form.is_valid()
    assert "password1" in form.errors


def test_signup_requires_privacy_consent():
    """Without ticking the privacy consent there is no account."""
    form = signup_form(consent="")

    assert not form.is_valid()
    assert list(form.errors) == ["consent"]


def test_language_options_carry_their_lang():
    """Each language option is marked with its own language for screen readers."""
    html = str(ResidentProfileForm()["preferred_language"])

    assert 'value="en" lang="en"' in html
    assert 'value="ko" lang="ko"' in html


def test_field_include_links_help_and_errors():
    """The field include shows the required marker, gives the error list the id the
    input's aria-describedby points at, and sets autocomplete."""
    form = ResidentProfileForm(profile_data(postal_code="x"))
    form.is_valid()

    with translation.override("en"):
        html = render_to_string("core/_field.html", {"field": form["postal_code"]})

    assert '<label for="id_postal_code">' in html
    assert "(required)" in html
    assert 'id="id_postal_code_helptext"' in html
    assert 'id="id_postal_code_error"' in html
    assert 'aria-describedby="id_postal_code_helptext id_postal_code_error"' in html
    assert 'autocomplete="postal-code"' in html


def test_optional_field_is_marked_optional():
    """Optional fields say so in words."""
    with translation.override("en"):
        html = render_to_string(
            "core/_field.html", {"field": ResidentProfileForm()["phone"]}
        )

    assert "(optional)" in html
    assert 'autocomplete="tel"' in html


def test_cleaning_collects_every_field_error():
    """The service-side cleaning reports all bad fields at once."""
    with pytest.raises(ValidationError) as raised:
        cleaning.profile_fields_clean(profile_data(given_name_kana="x", phone="1"))

    assert set(raised.value.message_dict) == {"given_name_kana", "phone"}


@pytest.mark.django_db
def test_service_rejects_invalid_input_without_saving():
    """The profile service validates on its own (callers other than forms) and
    leaves the stored profile as it was."""
    profile = ResidentProfileFactory(family_name_kana="やまだ")

    with pytest.raises(ResidentInputError) as raised:
        resident_profile_update(
            user=profile.user, **profile_data(family_name_kana="山田")
        )

    assert raised.value.code == "invalid_input"
    assert "family_name_kana" in raised.value.extra["fields"]
    profile.refresh_from_db()
    assert profile.family_name_kana == "やまだ"


def test_address_input_uses_an_autocomplete_token_valid_on_inputs():
    """street-address is only allowed on a <textarea>; the one-line address
    input takes address-line1 (the page must be valid HTML)."""
    html = str(ResidentProfileForm()["address"])
    assert html.startswith("<input")
    assert 'autocomplete="address-line1"' in html


def test_field_loses_its_autofocus_while_the_error_summary_has_it():
    """One autofocus per page: on a form with errors the summary takes focus,
    and a field that asks for autofocus renders without it."""
    from django import forms

    class SignInForm(forms.Form):
        email = forms.EmailField(widget=forms.EmailInput(attrs={"autofocus": True}))

    clean = render_to_string("core/_field.html", {"field": SignInForm()["email"]})
    invalid = SignInForm({"email": "not an address"})
    invalid.is_valid()
    page = render_to_string(
        "core/_error_summary.html", {"form": invalid}
    ) + render_to_string("core/_field.html", {"field": invalid["email"]})
    assert "autofocus" in clean
    assert page.count("autofocus") == 1
    assert (
        '<section class="error-summary" id="error-summary" tabindex="-1" autofocus'
        in page
    )
