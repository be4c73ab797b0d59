"""LINE Messaging API: a broadcast to every friend of the city's official account.

``POST {CITYHALL_LINE_API_URL}/v2/bot/message/broadcast`` with
``Authorization: Bearer <channel access token>`` and one text message (at most
5,000 characters). Every request carries ``X-Line-Retry-Key``, a UUID derived
from the delivery's idempotency key and language, so a retry after a timeout
is executed at most once: LINE answers 409 with
``X-Line-Accepted-Request-Id`` to a retry of an accepted request, which counts
as success here. ``multicast`` sends to at most 500 user ids a request.
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings

from cityhall.notices.channels.errors import (
    ChannelNotConfiguredError,
    ChannelPermanentError,
)
from cityhall.notices.channels.http import Response, post, raise_for_status
from cityhall.notices.channels.text import fit, utf16_length

TEXT_LIMIT = 5000
MULTICAST_LIMIT = 500
#: Namespace for retry keys (any fixed UUID; changing it would resend).
RETRY_KEY_NAMESPACE = uuid.UUID("5f0c9e4e-8a1e-4c53-9d0f-3c1b2a7de001")


def is_configured() -> bool:
    return bool(settings.CITYHALL_LINE_CHANNEL_ACCESS_TOKEN)


def retry_key(idempotency_key: str, language: str) -> str:
    """The X-Line-Retry-Key for one delivery (same input, same key)."""
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, f"{idempotency_key}\n{language}"))


def message_text(text: str, url: str) -> str:
    return fit(text, url, limit=TEXT_LIMIT, measure=utf16_length)


def _send(path: str, payload: dict[str, object], key: str) -> str:
    if not is_configured():
        raise ChannelNotConfiguredError("LINE is not configured")
    base = settings.CITYHALL_LINE_API_URL.rstrip("/")
    response: Response = post(
        f"{base}{path}",
        body=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={
            "Authorization": f"Bearer {settings.CITYHALL_LINE_CHANNEL_ACCESS_TOKEN}",
            "Content-Type": "application/json; charset=utf-8",
            "X-Line-Retry-Key": key,
        },
    )
    if response.status == 409:
        accepted = response.headers.get("x-line-accepted-request-id")
        if accepted:
            return accepted
        raise_for_status(response)
    request_id = response.headers.get("x-line-request-id")
    if not request_id:
        raise ChannelPermanentError("LINE accepted the message without a request id")
    return request_id


def send_notice(*, text: str, url: str, language: str, idempotency_key: str) -> str:
    """Broadcast the notice (text and link) to every friend; the request id."""
    payload: dict[str, object] = {
        "messages": [{"type": "text", "text": message_text(text, url)}]
    }
    return _send(
        "/v2/bot/message/broadcast", payload, retry_key(idempotency_key, language)
    )


def multicast(
    *, text: str, url: str, user_ids: list[str], language: str, idempotency_key: str
) -> str:
    """Send to up to 500 LINE user ids (one request); the request id."""
    if not 1 <= len(user_ids) <= MULTICAST_LIMIT:
        raise ValueError(f"multicast takes 1 to {MULTICAST_LIMIT} user ids")
    payload = {
        "to": user_ids,
        "messages": [{"type": "text", "text": message_text(text, url)}],
    }
    return _send(
        "/v2/bot/message/multicast", payload, retry_key(idempotency_key, language)
    )
