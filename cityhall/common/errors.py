"""One error type for every expected failure, with a stable code and a
translatable message. The API turns it into the JSON error shape, HTML views into
form errors."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class ApplicationError(Exception):
    """An expected failure a user can act on.

    ``code`` is stable (clients switch on it); ``message`` is translatable and shown
    to the user in their language; ``status`` is the HTTP status the API uses.
    """

    code: str = "error"
    status: int = 400

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        status: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.extra = extra or {}


class NotFoundError(ApplicationError):
    code = "not_found"
    status = 404


class PermissionDeniedError(ApplicationError):
    code = "permission_denied"
    status = 403


class RateLimitedError(ApplicationError):
    code = "rate_limited"
    status = 429
