"""``Idempotency-Key`` records for creating API requests (docs/api.md).

A client that sends the same key again, with the same body, gets the first
answer back instead of a second execution; the same key with another body is
refused. The guarantee rests on the database: the record is inserted, and
committed, before the request runs, under a unique constraint on (user, key,
method, path), so of two concurrent requests exactly one inserts it and runs;
the other finds the row and answers 409 while the first is still running, or
the replay once it has finished.

The request's own writes and the stored answer commit in one transaction
(:func:`cityhall.core.api_idempotency.idempotent_json`), so a crash leaves
either both or neither; a record left ``in_progress`` by a crash is taken over
after :data:`STALE_AFTER`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.common.errors import ApplicationError
from cityhall.core.models import IdempotencyRecord, User

#: How long an answer is kept for replay.
LIFETIME = dt.timedelta(hours=24)
#: A request still "in progress" after this long died without an answer (its
#: writes were rolled back with it); the next request with its key runs again.
STALE_AFTER = dt.timedelta(minutes=5)

State = IdempotencyRecord.State


class IdempotencyError(ApplicationError):
    """A key that cannot be used for this request."""

    code = "idempotency_error"


@dataclass(frozen=True)
class IdempotencyClaim:
    """The outcome of presenting a key: ``execute`` is True when this request
    holds the key and must run; False when ``record`` holds the answer to
    replay."""

    record: IdempotencyRecord
    execute: bool


def _reused() -> IdempotencyError:
    return IdempotencyError(
        _("This Idempotency-Key was already used with a different request body."),
        code="idempotency_key_reused",
        status=422,
    )


def _in_progress() -> IdempotencyError:
    return IdempotencyError(
        _(
            "A request with this Idempotency-Key is still being processed. "
            "Please try again in a moment."
        ),
        code="idempotency_key_in_progress",
        status=409,
    )


def _insert(
    *, user: User, key: str, method: str, path: str, fingerprint: str, now: dt.datetime
) -> IdempotencyRecord | None:
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                user=user,
                key=key,
                method=method,
                path=path,
                fingerprint=fingerprint,
                locked_at=now,
                expires_at=now + LIFETIME,
            )
    except IntegrityError:
        return None


def idempotency_claim(
    *,
    user: User,
    key: str,
    method: str,
    path: str,
    fingerprint: str,
    now: dt.datetime | None = None,
) -> IdempotencyClaim:
    """Claim ``key`` for one request of ``user`` (see the module docstring).

    Raises ``idempotency_key_reused`` (422) when the key was used with another
    body, ``idempotency_key_in_progress`` (409) while the first request runs.
    """
    now = now or timezone.now()
    identity: dict[str, Any] = {
        "user": user,
        "key": key,
        "method": method,
        "path": path,
    }
    for _attempt in range(3):
        record = _insert(
            user=user,
            key=key,
            method=method,
            path=path,
            fingerprint=fingerprint,
            now=now,
        )
        if record is not None:
            return IdempotencyClaim(record=record, execute=True)
        record = IdempotencyRecord.objects.filter(**identity).first()
        if record is None:
            continue  # released or purged in between: insert again
        if record.expires_at <= now:
            # An old answer nobody may replay any more: the key is free.
            IdempotencyRecord.objects.filter(pk=record.pk, expires_at__lte=now).delete()
            continue
        if record.fingerprint != fingerprint:
            raise _reused()
        if record.state == State.COMPLETED:
            return IdempotencyClaim(record=record, execute=False)
        if record.locked_at <= now - STALE_AFTER:
            taken = IdempotencyRecord.objects.filter(
                pk=record.pk, state=State.IN_PROGRESS, locked_at=record.locked_at
            ).update(locked_at=now)
            if taken:
                record.locked_at = now
                return IdempotencyClaim(record=record, execute=True)
        raise _in_progress()
    raise _in_progress()


def idempotency_complete(
    *, record: IdempotencyRecord, status: int, body: str
) -> IdempotencyRecord:
    """Store the answer given under ``record``'s key (its JSON text, as sent),
    for replay. Call it in the transaction of the request's own writes."""
    record.state = State.COMPLETED
    record.response_status = status
    record.response_body = body
    record.save(
        update_fields=["state", "response_status", "response_body", "updated_at"]
    )
    return record


def idempotency_release(*, record: IdempotencyRecord) -> None:
    """Free the key of a request that failed (an error is not replayed: the
    client may fix the cause and retry with the same key)."""
    IdempotencyRecord.objects.filter(pk=record.pk, state=State.IN_PROGRESS).delete()


def idempotency_records_purge(*, now: dt.datetime | None = None) -> int:
    """Delete records whose replay period has ended; returns how many."""
    now = now or timezone.now()
    deleted, _by_model = IdempotencyRecord.objects.filter(expires_at__lte=now).delete()
    return deleted
