"""Forms of mail subscriptions: they parse, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cityhall.core.residents.forms import LanguageSelect, NormalizedEmailField
from cityhall.notices import selectors
from cityhall.notices.models import EASY_JAPANESE


def _language_choices() -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    choices = []
    for code in selectors.subscriber_language_codes():
        if code == EASY_JAPANESE:
            choices.append((code, "やさしい にほんご"))
        else:
            choices.append((code, names.get(code, code)))
    return choices


class EasyAwareLanguageSelect(LanguageSelect):
    """``lang`` of the easy-Japanese option is plain ``ja``."""

    def create_option(self, name, value, label, selected, index, *args, **kwargs):  # type: ignore[no-untyped-def]
        option = super().create_option(
            name, value, label, selected, index, *args, **kwargs
        )
        if value == EASY_JAPANESE:
            option["attrs"]["lang"] = "ja"
        return option


class SubscriptionChoicesForm(forms.Form):
    """Language, categories and districts of a subscription."""

    language = forms.ChoiceField(
        label=_("Language of the mail"),
        help_text=_(
            "When a notice has no version in this language you get it in easy "
            "Japanese, or else in Japanese."
        ),
        widget=EasyAwareLanguageSelect,
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        help_text=_("Choose none to receive every category."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.TypedMultipleChoiceField(
        label=_("Districts"),
        help_text=_(
            "Choose none to receive notices for the whole city. Emergency "
            "alerts for your districts are always sent."
        ),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = translation.get_language() or settings.LANGUAGE_CODE
        self.fields["language"].choices = _language_choices()
        self.fields["language"].initial = (
            language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        )
        self.fields["categories"].choices = selectors.category_choices(language)
        self.fields["districts"].choices = selectors.district_choices(language)

    def choices_data(self) -> dict[str, Any]:
        return {
            "language": self.cleaned_data["language"],
            "category_keys": self.cleaned_data["categories"],
            "district_ids": self.cleaned_data["districts"],
        }


class SubscribeForm(SubscriptionChoicesForm):
    """The public sign-up form (no account needed)."""

    email = NormalizedEmailField(label=_("E-mail address"))
    field_order = ["email", "language", "categories", "districts"]
