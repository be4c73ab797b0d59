"""The subscription mails (confirmation, "already subscribed"), in the
subscriber's language, from templates under ``notices/email/``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cityhall.core.residents.selectors import mail_sender_name
from cityhall.notices.models import EASY_JAPANESE, Subscriber
from cityhall.notices.services import links


def _ui(language: str) -> str:
    return "ja" if language == EASY_JAPANESE else language


def _url(language: str, viewname: str, **kwargs: Any) -> str:
    with translation.override(_ui(language)):
        return settings.CITYHALL_BASE_URL + reverse(viewname, kwargs=kwargs)


def _send(subscriber: Subscriber, kind: str, context: dict[str, Any]) -> None:
    language = _ui(subscriber.language)
    with translation.override(language):
        context = {"sender": mail_sender_name(language), **context}
        subject = render_to_string(f"notices/email/{kind}_subject.txt", context)
        body = render_to_string(f"notices/email/{kind}_body.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.CITYHALL_NOTICES_MAIL_FROM,
        [subscriber.email],
    )


def confirm_mail_send(subscriber: Subscriber) -> None:
    token = links.confirm_token_make(
        public_id=subscriber.public_id.hex, version=subscriber.link_version
    )
    _send(
        subscriber,
        "confirm",
        {
            "url": _url(
                subscriber.language, "notices_subscriptions:confirm", token=token
            ),
            "valid_days": links.CONFIRM_MAX_AGE.days,
        },
    )


def exists_mail_send(subscriber: Subscriber) -> None:
    public_id = subscriber.public_id.hex
    _send(
        subscriber,
        "exists",
        {
            "url": _url(
                subscriber.language,
                "notices_subscriptions:manage",
                public_id=public_id,
                token=links.manage_token(public_id),
            )
        },
    )
