"""The registry of social channel adapters (LINE, X, Facebook).

An adapter is a module (or object) with ``is_configured() -> bool`` and
``send_notice(*, text, url, language, idempotency_key) -> str`` that raises
``ChannelTemporaryError`` or ``ChannelPermanentError``
(``cityhall.notices.channels.errors``). Adapters in
``cityhall.notices.channels.<code>`` are found by themselves; others (tests,
extensions) register with :func:`channel_adapter_register`.
"""

from __future__ import annotations

import importlib
from typing import Any

from cityhall.notices.channels.errors import ChannelPermanentError

_adapters: dict[str, Any] = {}


def channel_adapter_register(code: str, adapter: Any) -> None:
    """Use ``adapter`` for channel ``code`` (replaces an earlier one)."""
    _adapters[code] = adapter


def channel_adapter_unregister(code: str) -> None:
    _adapters.pop(code, None)


def channel_adapter(code: str) -> Any | None:
    """The adapter of ``code``, or ``None`` when there is none."""
    if code in _adapters:
        return _adapters[code]
    try:
        return importlib.import_module(f"cityhall.notices.channels.{code}")
    except ImportError:
        return None


def is_permanent(error: BaseException) -> bool:
    """Whether an adapter's error means "do not retry"."""
    return isinstance(error, ChannelPermanentError)
