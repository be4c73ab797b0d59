"""Factories for groups and lottery windows (kept apart from factories.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cityhall.core.models import Role
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.tests.factories import (
    DepartmentFactory,
    RoleAssignmentFactory,
    StaffFactory,
    totp_device_for,
)
from cityhall.reservations.models import Group, LotteryWindow, Room
from cityhall.reservations.services.groups import group_approve, group_register
from cityhall.reservations.services.lottery import window_create


def group_make(
    *, resident: Any, municipality: Any, approve: bool = True, **fields: Any
) -> Group:
    """A group registered by ``resident`` (through the service), approved
    unless told otherwise."""
    n = Group.objects.count()
    values = {
        "name": f"見本クラブ{n}",
        "category": Group.Category.GENERAL,
        "representative_name": f"代表 太郎{n}",
        "address": f"見本市本町{n}-1",
        "phone": f"0287-00-{n:04d}",
        "members": ["会員 一郎"],
    }
    values.update(fields)
    group = group_register(resident=resident, municipality=municipality, **values)
    if approve:
        group = group_approve(staff=None, group=group)
    return group


def lottery_month() -> dt.date:
    """The first day of the month after next (entries can close before it)."""
    today = timezone.localdate()
    ahead = (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    return ahead


def window_make(*, room: Room, **fields: Any) -> LotteryWindow:
    """An open window for :func:`lottery_month` of the room's facility, open
    since yesterday, closing tomorrow, winners paying within three days."""
    now = timezone.now()
    values = {
        "month": lottery_month(),
        "opens_at": now - dt.timedelta(days=1),
        "closes_at": now + dt.timedelta(days=1),
        "confirm_by": now + dt.timedelta(days=3),
    }
    values.update(fields)
    return window_create(facility=room.facility, **values)


def verified_staff(client: Any, municipality: Any) -> Any:
    """Staff with a general-staff role in a department of ``municipality``,
    signed in to ``client`` with the second factor done."""
    user = StaffFactory()
    RoleAssignmentFactory(
        user=user,
        role=Role.GENERAL_STAFF,
        department=DepartmentFactory(municipality=municipality),
    )
    role_groups_sync(user=user)
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user
