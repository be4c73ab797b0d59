"""Who may publish an emergency notice at once, without approval.

Answered from role assignments valid today, as ``core.permissions`` does: a
system administrator, or anyone holding a role in the crisis management
division (危機管理課) named in the site's notice settings. The division is data,
so a municipality names its own (防災課, 危機管理室, …) without a code change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityhall.core.models import Role
from cityhall.core.selectors.roles import user_has_role, user_roles_on
from cityhall.website.models import NoticeSettings


def _crisis_department_id() -> int | None:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return None
    return NoticeSettings.for_site(site).crisis_department_id


def can_emergency_publish(user: Any, *, on: dt.date | None = None) -> bool:
    """True when ``user`` may publish an emergency notice without approval."""
    if not (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    ):
        return False
    if user_has_role(user, Role.SYSTEM_ADMIN, on=on):
        return True
    department_id = _crisis_department_id()
    if department_id is None:
        return False
    return any(
        assignment.department_id == department_id
        for assignment in user_roles_on(user, on=on)
    )
