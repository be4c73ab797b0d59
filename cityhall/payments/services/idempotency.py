"""Idempotency keys: the same key with the same request returns the first
result; the same key with a different request is refused."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils.translation import gettext_lazy as _

from cityhall.payments.errors import PaymentError

MAX_KEY_LENGTH = 200


def request_fingerprint(body: dict[str, Any]) -> str:
    """SHA-256 of the request's canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_key_check(key: str) -> str:
    """Validate a client-chosen key and return it stripped."""
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise PaymentError(
            _("An idempotency key of 1 to 200 characters is required."),
            code="idempotency_key_invalid",
        )
    return key


def idempotency_conflict() -> PaymentError:
    """The error for a key reused with a different request body."""
    return PaymentError(
        _("This idempotency key was already used for a different request."),
        code="idempotency_key_reused",
        status=409,
    )
