"""Who may manage the open-data catalogue."""

from __future__ import annotations

from typing import Any


def can_manage_open_data(user: Any) -> bool:
    """Staff with the ``opendata.change_dataset`` permission (or superusers)."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and (user.is_superuser or user.has_perm("opendata.change_dataset"))
    )
