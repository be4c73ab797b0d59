"""Who may manage the open-data catalogue."""

from __future__ import annotations

from typing import Any

from cityhall.core.models import Role
from cityhall.core.selectors.roles import user_has_any_role

#: Roles that manage the catalogue in the staff console: the IT policy
#: division (system administrators), which runs the open-data programme, and
#: the web editors (IT helpers) who publish the divisions' files.
OPEN_DATA_ROLES: frozenset[str] = frozenset({Role.SYSTEM_ADMIN, Role.WEB_EDITOR})


def can_manage_open_data(user: Any) -> bool:
    """Holders of an open-data role valid today, staff with the
    ``opendata.change_dataset`` permission, or superusers."""
    if not (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    ):
        return False
    return bool(
        user.is_superuser
        or user.has_perm("opendata.change_dataset")
        or user_has_any_role(user, OPEN_DATA_ROLES)
    )
