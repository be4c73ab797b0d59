"""Adapters that post a notice to social channels: LINE, X and a Facebook page.

Each module offers ``is_configured() -> bool`` and
``send_notice(*, text, url, language, idempotency_key) -> str`` (the id the
remote service gave the post), and raises :class:`~.errors.ChannelTemporaryError`
(try again later, perhaps after ``retry_after`` seconds) or
:class:`~.errors.ChannelPermanentError` (do not retry). The delivery engine in
:mod:`cityhall.notices` decides when to call them and records the outcome.
See docs/notices-channels.md.
"""

from cityhall.notices.channels import facebook, line, x

#: Channel name → adapter module, for the delivery engine.
ADAPTERS = {"line": line, "x": x, "facebook": facebook}

__all__ = ["ADAPTERS", "facebook", "line", "x"]
