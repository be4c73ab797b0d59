"""Facebook Graph API: a post on the city's Facebook page.

``POST {CITYHALL_FACEBOOK_API_URL}/{page id}/feed`` (form-encoded ``message``
and ``link``) with the page access token as ``Authorization: Bearer``, answered
by ``{"id": "<page id>_<post id>"}``. A message may hold 63,206 characters.
Graph reports errors as HTTP 400–500 with ``{"error": {"code", "is_transient",
…}}``; throttling codes (4, 17, 32, 613) and ``is_transient`` are temporary.
The Graph API has no idempotency key.
"""

from __future__ import annotations

import json
import urllib.parse

from django.conf import settings

from cityhall.notices.channels.errors import (
    ChannelError,
    ChannelNotConfiguredError,
    ChannelPermanentError,
    ChannelTemporaryError,
)
from cityhall.notices.channels.http import post

MESSAGE_LIMIT = 63206
#: Graph error codes for throttling and temporary unavailability.
TEMPORARY_CODES = frozenset({1, 2, 4, 17, 32, 341, 368, 613})


def is_configured() -> bool:
    return bool(
        settings.CITYHALL_FACEBOOK_PAGE_ID
        and settings.CITYHALL_FACEBOOK_PAGE_ACCESS_TOKEN
    )


def message_text(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def send_notice(*, text: str, url: str, language: str, idempotency_key: str) -> str:
    """Post the notice on the page, with its link; the post's id."""
    if not is_configured():
        raise ChannelNotConfiguredError("Facebook is not configured")
    page_id = urllib.parse.quote(settings.CITYHALL_FACEBOOK_PAGE_ID, safe="")
    endpoint = f"{settings.CITYHALL_FACEBOOK_API_URL.rstrip('/')}/{page_id}/feed"
    token = settings.CITYHALL_FACEBOOK_PAGE_ACCESS_TOKEN
    fields = {"message": message_text(text)}
    if url:
        fields["link"] = url
    try:
        response = post(
            endpoint,
            body=urllib.parse.urlencode(fields).encode("ascii"),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
    except ChannelPermanentError as error:
        raise _classify(error) from error
    post_id = response.json().get("id")
    if response.status == 409 or not post_id:
        raise ChannelPermanentError("Facebook answered without a post id")
    return str(post_id)


def _classify(error: ChannelPermanentError) -> ChannelError:
    """Graph's throttling comes as HTTP 400 with a code: make it temporary."""
    try:
        details = json.loads(error.body or b"{}").get("error") or {}
    except (ValueError, AttributeError):
        details = {}
    if details.get("is_transient") or details.get("code") in TEMPORARY_CODES:
        return ChannelTemporaryError(str(error), status=error.status, body=error.body)
    return error
