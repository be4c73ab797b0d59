"""Signed, time-limited links that let a guest continue their draft.

The token carries the draft's public id and the guest's e-mail address,
signed with a timestamp; it opens that draft only, and only while the
address still matches the draft's. It lasts as long as a draft does.
"""

from __future__ import annotations

import uuid

from django.core import signing

from cityhall.eforms.models import Draft
from cityhall.eforms.models.drafts import DRAFT_LIFETIME

_SALT = "cityhall.eforms.guest-draft"


class GuestTokenInvalid(Exception):
    """Altered, expired or not for any current draft."""


def guest_token_make(draft: Draft) -> str:
    """A token for the link mailed to ``draft``'s guest."""
    return signing.dumps(
        {"d": draft.public_id.hex, "e": draft.guest_email.lower()}, salt=_SALT
    )


def guest_token_read(token: str) -> tuple[uuid.UUID, str]:
    """The draft public id and e-mail a token carries; raises GuestTokenInvalid."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=DRAFT_LIFETIME)
        return uuid.UUID(value["d"]), str(value["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise GuestTokenInvalid from error
