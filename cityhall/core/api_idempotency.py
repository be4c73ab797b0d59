"""``Idempotency-Key`` for creating endpoints of ``/api/v1/`` (docs/api.md).

An endpoint declares the header with :data:`IdempotencyKeyHeader` and lets
:func:`idempotent_json` run its work::

    @router.post("/things", response={201: ThingOut, **ERRORS}, ...)
    def thing_create(
        request, payload: ThingIn, idempotency_key: IdempotencyKeyHeader = None
    ):
        return idempotent_json(
            request,
            key=idempotency_key,
            payload=payload.model_dump(mode="json"),
            run=lambda: (201, _thing_out(thing_create_service(...))),
        )

Same key and body again: the stored answer, with ``Idempotent-Replayed: true``.
Same key, another body: 422 ``idempotency_key_reused``. While the first request
runs: 409 ``idempotency_key_in_progress``. Errors are not stored: the key is
freed and the client may retry with it. Keys are per user, method and path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Annotated, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Header
from pydantic import BaseModel

from cityhall.core.services.idempotency import (
    idempotency_claim,
    idempotency_complete,
    idempotency_release,
)

#: Response header marking a replayed answer.
REPLAYED_HEADER = "Idempotent-Replayed"

#: The optional header as an endpoint parameter: 1 to 200 visible ASCII
#: characters (a UUID is a good choice).
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[!-~]+$",
        description=(
            "A key the client chooses (a UUID is a good choice) so that the request "
            "can be retried safely: the same key with the same body returns the "
            "first answer (with `Idempotent-Replayed: true`) instead of doing the "
            "work twice; with another body it is refused (422 "
            "`idempotency_key_reused`). Kept for 24 hours."
        ),
    ),
]


def request_fingerprint(payload: Any) -> str:
    """SHA-256 of ``payload`` as canonical JSON (sorted keys, no spaces), so
    that key order and spacing of the client's JSON do not matter."""
    canonical = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _json_text(data: Any) -> str:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def _response(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="application/json")


def idempotent_json(
    request: HttpRequest,
    *,
    key: str | None,
    payload: Any,
    run: Callable[[], tuple[int, Any]],
) -> HttpResponse:
    """Run ``run`` (returning status and a schema or JSON-able body) once per
    ``key``; without a key, just run it. See the module docstring."""
    if key is None:
        status, data = run()
        return _response(status, _json_text(data))
    claim = idempotency_claim(
        user=request.user,  # type: ignore[arg-type]
        key=key,
        method=request.method or "",
        path=request.path,
        fingerprint=request_fingerprint(payload),
    )
    record = claim.record
    if not claim.execute:
        response = _response(
            record.response_status or 200, record.response_body or "null"
        )
        response[REPLAYED_HEADER] = "true"
        return response
    try:
        with transaction.atomic():
            status, data = run()
            body = _json_text(data)
            idempotency_complete(record=record, status=status, body=body)
    except BaseException:
        idempotency_release(record=record)
        raise
    return _response(status, body)
