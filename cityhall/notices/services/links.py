"""Signed links of subscriptions: no password, yet unforgeable and personal.

* the **confirmation** link (double opt-in) is a timestamped signature of the
  subscriber's public id and ``link_version``; it expires after
  :data:`CONFIRM_MAX_AGE` and stops working once the version moves on;
* the **manage** link (change choices or leave) is an HMAC of the public id,
  so it keeps working from old mails;
* the **unsubscribe** link (RFC 8058 one-click) is an HMAC of the public id only:
  it must keep working from any mail ever sent, and using it twice is harmless.

Each HMAC has its own salt, so one kind of token is never accepted as another,
and each is bound to one subscriber: a token of subscriber A fails for B.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

CONFIRM_MAX_AGE = dt.timedelta(days=7)
_CONFIRM_SALT = "cityhall.notices.subscription.confirm"


def _hmac(purpose: str, value: str) -> str:
    return salted_hmac(f"cityhall.notices.{purpose}", value).hexdigest()[:32]


def unsubscribe_token(public_id: str) -> str:
    """The one-click unsubscribe token of a subscriber (hex public id)."""
    return _hmac("unsubscribe", str(public_id))


def manage_token(public_id: str) -> str:
    """The token of the link that changes a subscription's choices."""
    return _hmac("manage", str(public_id))


def token_matches(expected: str, given: str) -> bool:
    """Constant-time comparison of tokens."""
    return constant_time_compare(expected, given)


def confirm_token_make(*, public_id: str, version: int) -> str:
    """A timestamped confirmation token for the double opt-in mail."""
    return signing.dumps({"s": str(public_id), "v": version}, salt=_CONFIRM_SALT)


def confirm_token_read(token: str) -> tuple[str, int]:
    """(public id, version) of a valid token; raises ``signing.BadSignature``
    (``SignatureExpired`` after :data:`CONFIRM_MAX_AGE`)."""
    data = signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if not isinstance(data, dict) or "s" not in data or "v" not in data:
        raise signing.BadSignature("malformed")
    return str(data["s"]), int(data["v"])
