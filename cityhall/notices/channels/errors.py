"""Errors of the channel adapters: temporary (retry) or permanent (give up)."""

from __future__ import annotations


class ChannelError(Exception):
    """A post to a channel failed; ``status`` is the HTTP status (0: no answer)."""

    temporary = False

    def __init__(self, message: str, *, status: int = 0, body: bytes = b"") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class ChannelTemporaryError(ChannelError):
    """Rate limit (429), server error (5xx), timeout or no connection.

    ``retry_after`` is the wait in seconds the service asked for, if it did.
    """

    temporary = True

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        body: bytes = b"",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status=status, body=body)
        self.retry_after = retry_after


class ChannelPermanentError(ChannelError):
    """The service refused the post (4xx): bad credentials, too long, duplicate."""


class ChannelNotConfiguredError(ChannelPermanentError):
    """The channel has no credentials in this installation."""
