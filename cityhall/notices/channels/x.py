"""X (formerly Twitter) API v2: a post on the city's account.

``POST {CITYHALL_X_API_URL}/2/tweets`` with JSON ``{"text": …}``, answered by
201 ``{"data": {"id": …}}``. Authentication is user context, either OAuth 1.0a
(consumer key and secret, access token and secret: HMAC-SHA1 signature in the
``Authorization`` header; these tokens do not expire) or an OAuth 2.0 user
token with the ``tweet.write`` scope (``Authorization: Bearer``).

A post holds 280 *weighted* characters: code points in the ranges
U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 weigh 1, all
others (kana and kanji among them) weigh 2, and every URL weighs 23 whatever its
length (twitter-text configuration v3; text is NFC-normalised first).

X has no idempotency key: a retry after a timeout may post twice, and X then
refuses the identical text with 403 (a permanent error here).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
import unicodedata
import urllib.parse

from django.conf import settings

from cityhall.notices.channels.errors import (
    ChannelNotConfiguredError,
    ChannelPermanentError,
)
from cityhall.notices.channels.http import post
from cityhall.notices.channels.text import fit

WEIGHTED_LIMIT = 280
URL_WEIGHT = 23
_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_URL = re.compile(r"https?://[^\s]+")


def weighted_length(text: str) -> int:
    """The length X counts against the 280 limit."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for match in _URL.finditer(text):
        total += _weigh(text[position : match.start()]) + URL_WEIGHT
        position = match.end()
    return total + _weigh(text[position:])


def _weigh(text: str) -> int:
    weight = 0
    for ch in text:
        code = ord(ch)
        light = any(low <= code <= high for low, high in _LIGHT_RANGES)
        weight += 1 if light else 2
    return weight


def _oauth1_configured() -> bool:
    return all(
        (
            settings.CITYHALL_X_CONSUMER_KEY,
            settings.CITYHALL_X_CONSUMER_SECRET,
            settings.CITYHALL_X_ACCESS_TOKEN,
            settings.CITYHALL_X_ACCESS_TOKEN_SECRET,
        )
    )


def is_configured() -> bool:
    return _oauth1_configured() or bool(settings.CITYHALL_X_OAUTH2_USER_TOKEN)


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="-._~")


def oauth1_header(
    method: str,
    url: str,
    *,
    consumer_key: str,
    consumer_secret: str,
    token: str,
    token_secret: str,
    nonce: str | None = None,
    timestamp: int | None = None,
    form: dict[str, str] | None = None,
) -> str:
    """An OAuth 1.0a ``Authorization`` header (RFC 5849, HMAC-SHA1).

    A JSON body is not part of the signature; only the OAuth parameters, the
    query string and form-encoded body fields (``form``) are.
    """
    parsed = urllib.parse.urlsplit(url)
    base_url = f"{parsed.scheme.lower()}://{parsed.netloc.lower()}{parsed.path}"
    oauth = {
        "oauth_consumer_key": consumer_key,
        "oauth_nonce": nonce or secrets.token_hex(16),
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": str(
            timestamp if timestamp is not None else int(time.time())
        ),
        "oauth_token": token,
        "oauth_version": "1.0",
    }
    parameters = list(oauth.items()) + urllib.parse.parse_qsl(parsed.query)
    parameters += list((form or {}).items())
    normalized = "&".join(
        f"{k}={v}" for k, v in sorted((_quote(k), _quote(v)) for k, v in parameters)
    )
    base_string = "&".join((method.upper(), _quote(base_url), _quote(normalized)))
    key = f"{_quote(consumer_secret)}&{_quote(token_secret)}"
    digest = hmac.new(key.encode(), base_string.encode(), hashlib.sha1).digest()
    oauth["oauth_signature"] = base64.b64encode(digest).decode()
    return "OAuth " + ", ".join(
        f'{_quote(k)}="{_quote(v)}"' for k, v in sorted(oauth.items())
    )


def post_text(text: str, url: str) -> str:
    return fit(text, url, limit=WEIGHTED_LIMIT, measure=weighted_length)


def send_notice(*, text: str, url: str, language: str, idempotency_key: str) -> str:
    """Post the notice (text shortened to fit, and the link); the post's id."""
    if not is_configured():
        raise ChannelNotConfiguredError("X is not configured")
    endpoint = settings.CITYHALL_X_API_URL.rstrip("/") + "/2/tweets"
    if _oauth1_configured():
        authorization = oauth1_header(
            "POST",
            endpoint,
            consumer_key=settings.CITYHALL_X_CONSUMER_KEY,
            consumer_secret=settings.CITYHALL_X_CONSUMER_SECRET,
            token=settings.CITYHALL_X_ACCESS_TOKEN,
            token_secret=settings.CITYHALL_X_ACCESS_TOKEN_SECRET,
        )
    else:
        authorization = f"Bearer {settings.CITYHALL_X_OAUTH2_USER_TOKEN}"
    body = json.dumps({"text": post_text(text, url)}, ensure_ascii=False)
    response = post(
        endpoint,
        body=body.encode("utf-8"),
        headers={
            "Authorization": authorization,
            "Content-Type": "application/json; charset=utf-8",
        },
    )
    if response.status == 409:
        raise ChannelPermanentError("X answered 409 Conflict", status=409)
    post_id = (response.json().get("data") or {}).get("id")
    if not post_id:
        raise ChannelPermanentError("X answered without a post id")
    return str(post_id)
