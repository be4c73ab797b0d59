"""Mails of electronic applications: the guest's link to their draft and the
applicant's notice of each status change.

Rendered from ``eforms/email/<kind>_subject.txt`` / ``_body.txt`` in the
applicant's language (their profile's, the site's default for guests); links
are absolute on ``CITYHALL_BASE_URL`` because tasks have no request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cityhall.core.residents.selectors import mail_sender_name
from cityhall.eforms.models import Draft, SubmissionEvent
from cityhall.eforms.models.drafts import DRAFT_LIFETIME
from cityhall.eforms.tokens import guest_token_make


def _language(user: Any) -> str:
    try:
        return user.resident_profile.preferred_language or settings.LANGUAGE_CODE
    except (AttributeError, ObjectDoesNotExist):
        return settings.LANGUAGE_CODE


def _send(to: str, language: str, kind: str, context: dict[str, Any]) -> None:
    with translation.override(language):
        context = {"sender": mail_sender_name(language), **context}
        subject = render_to_string(f"eforms/email/{kind}_subject.txt", context)
        body = render_to_string(f"eforms/email/{kind}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


def _url(language: str, viewname: str, **kwargs: Any) -> str:
    with translation.override(language):
        return settings.CITYHALL_BASE_URL + reverse(viewname, kwargs=kwargs)


def guest_link_mail_send(draft: Draft) -> None:
    """Mail the guest the signed link that opens their draft."""
    language = settings.LANGUAGE_CODE
    _send(
        draft.guest_email,
        language,
        "guest_link",
        {
            "form": draft.form_version.form,
            "url": _url(
                language, "eforms:guest_continue", token=guest_token_make(draft)
            ),
            "valid_days": DRAFT_LIFETIME.days,
        },
    )


def status_mail_send(event: SubmissionEvent) -> None:
    """Tell the applicant their application's new status (and why)."""
    submission = event.submission
    language = _language(submission.applicant)
    _send(
        submission.applicant_email,
        language,
        "status",
        {
            "submission": submission,
            "form": submission.form,
            "event": event,
            "status": event.get_to_status_display(),
            "url": (
                _url(
                    language, "eforms:submission_detail", public_id=submission.public_id
                )
                if submission.applicant_id
                else ""
            ),
        },
    )
