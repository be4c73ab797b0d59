"""The resident account page's "notices by e-mail" section (one query)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext

from cityhall.core.models import User
from cityhall.core.residents.extensions import AccountSection
from cityhall.notices.models import EASY_JAPANESE
from cityhall.notices.selectors import subscription_for_user


def subscription_section(user: User, request: HttpRequest) -> AccountSection:
    subscriber = subscription_for_user(user)
    active = subscriber is not None and subscriber.status == "active"
    language = ""
    if subscriber is not None:
        language = (
            "やさしい にほんご"
            if subscriber.language == EASY_JAPANESE
            else dict(settings.LANGUAGES).get(subscriber.language, subscriber.language)
        )
    return AccountSection(
        title=gettext("Notices by e-mail"),
        template_name="notices/subscriptions/_account_section.html",
        context={"active": active, "language": language},
    )
