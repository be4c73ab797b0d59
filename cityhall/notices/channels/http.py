"""One HTTP POST with the error mapping every adapter shares (standard library)."""

from __future__ import annotations

import email.utils
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from cityhall.notices.channels.errors import (
    ChannelPermanentError,
    ChannelTemporaryError,
)


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"{}")
        except ValueError:
            return {}


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _retry_after(headers: dict[str, str]) -> float | None:
    """Retry-After, or X's ``x-rate-limit-reset`` (epoch seconds)."""
    wait = retry_after_seconds(headers.get("retry-after"))
    if wait is None and headers.get("x-rate-limit-reset", "").isdigit():
        wait = max(0.0, int(headers["x-rate-limit-reset"]) - time.time())
    return wait


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Response:
    """POST ``body``; return the answer for 2xx and 409, raise for the rest.

    409 is returned, not raised, because LINE answers 409 to a retried request
    it already accepted, which is a success for the caller.
    """
    if not url.startswith(("https://", "http://")):
        raise ChannelPermanentError(f"not an HTTP(S) address: {url}")
    # The scheme is checked above, so urlopen cannot open files.
    request = urllib.request.Request(  # noqa: S310
        url, data=body, headers=headers, method="POST"
    )
    timeout = settings.CITYHALL_CHANNEL_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return Response(
                answer.status,
                {k.lower(): v for k, v in answer.headers.items()},
                answer.read(),
            )
    except urllib.error.HTTPError as error:
        response = Response(
            error.code,
            {k.lower(): v for k, v in (error.headers or {}).items()},
            error.read() or b"",
        )
        if error.code == 409:
            return response
        raise_for_status(response)
        raise AssertionError("unreachable") from error
    except TimeoutError as error:
        raise ChannelTemporaryError(f"timed out after {timeout} s") from error
    except (urllib.error.URLError, ConnectionError, OSError) as error:
        raise ChannelTemporaryError(f"cannot connect: {error}") from error


def raise_for_status(response: Response) -> None:
    """Raise the error an unsuccessful ``response`` stands for."""
    detail = response.body[:500].decode("utf-8", "replace")
    if response.status == 429 or response.status >= 500:
        raise ChannelTemporaryError(
            f"HTTP {response.status}: {detail}",
            status=response.status,
            body=response.body,
            retry_after=_retry_after(response.headers),
        )
    raise ChannelPermanentError(
        f"HTTP {response.status}: {detail}", status=response.status, body=response.body
    )
