"""Groups (団体登録): registration by a resident, approval or rejection by
staff, renewal by the resident and expiry at the end of the period.

Likely duplicates are flagged, never refused: a seniors' club and a sports
club may share a community centre's address or phone, so staff decide.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.common.errors import NotFoundError
from cityhall.core.services.audit import audit_log
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import Group, GroupMember

logger = logging.getLogger(__name__)

MAX_MEMBERS = 200
#: A resident may renew from this many days before the registration ends.
RENEWAL_OPENS_DAYS_BEFORE = 60


def normalise_key(text: str) -> str:
    """NFKC, lower case, without spaces, hyphens or dashes (what duplicate
    detection compares): ``０２８７－２３－１１１１`` and ``0287-23-1111``
    give one key."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[\s\-‐‑‒–—―ー−]", "", text)


def fiscal_year_end(day: dt.date) -> dt.date:
    """The last day (3月31日) of the fiscal year ``day`` falls in."""
    return dt.date(day.year + (1 if day.month >= 4 else 0), 3, 31)


def _duplicates(group: Group) -> list[str]:
    others = Group.objects.filter(municipality=group.municipality).exclude(
        Q(pk=group.pk) | Q(state=Group.State.REJECTED)
    )
    reasons = []
    for field, key in (
        ("address", group.address_key),
        ("phone", group.phone_key),
        ("representative", group.representative_key),
    ):
        if key and others.filter(**{f"{field}_key": key}).exists():
            reasons.append(field)
    return reasons


def _fail(message: Any, field: str) -> ReservationError:
    return ReservationError(
        message, code="invalid_group", extra={"fields": {field: [message]}}
    )


def group_register(
    *,
    resident: Any,
    municipality: Any,
    name: str,
    category: str,
    representative_name: str,
    address: str,
    phone: str,
    members: list[str],
) -> Group:
    """Register a group for ``resident`` (who becomes its contact), pending
    staff approval, and flag it when another group has the same normalised
    address, phone or representative. The resident is a member with their
    account linked; ``members`` are the other members' names.
    ``invalid_group`` (422) for a missing field, an unknown category or too
    many members."""
    if resident is None or not getattr(resident, "is_authenticated", False):
        raise ReservationError(
            _("Sign in first."), code="not_authenticated", status=401
        )
    values = {
        "name": (name or "").strip(),
        "representative_name": (representative_name or "").strip(),
        "address": (address or "").strip(),
        "phone": (phone or "").strip(),
    }
    for field, value in values.items():
        if not value:
            raise _fail(_("This field is required."), field)
    if category not in Group.Category.values:
        raise _fail(_("Choose a category."), "category")
    names = [m.strip() for m in members if m and m.strip()]
    if len(names) + 1 > MAX_MEMBERS:
        raise _fail(
            _("A group can have at most %(max)s members.") % {"max": MAX_MEMBERS},
            "members",
        )
    group = Group(
        municipality=municipality,
        registered_by=resident,
        category=category,
        address_key=normalise_key(values["address"]),
        phone_key=normalise_key(values["phone"]),
        representative_key=normalise_key(values["representative_name"]),
        **values,
    )
    with transaction.atomic():
        group.duplicate_reasons = _duplicates(group)
        group.possible_duplicate = bool(group.duplicate_reasons)
        group.save(force_insert=True)
        GroupMember.objects.create(
            group=group, name=values["representative_name"], user=resident
        )
        GroupMember.objects.bulk_create(
            GroupMember(group=group, name=member) for member in names
        )
    logger.info(
        "group %s registered (duplicate: %s)", group.public_id, group.duplicate_reasons
    )
    return group


def _lock(group: Group) -> Group:
    return Group.objects.select_for_update().get(pk=group.pk)


def group_approve(*, staff: Any, group: Group, now: dt.datetime | None = None) -> Group:
    """Approve a pending group until the end of the current fiscal year.
    ``group_not_pending`` (409) unless it waits for approval."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(group)
        if locked.state != Group.State.PENDING:
            raise ReservationError(
                _("This group is not waiting for approval."),
                code="group_not_pending",
                status=409,
            )
        locked.state = Group.State.APPROVED
        locked.decided_by = staff
        locked.decided_at = now
        locked.rejection_reason = ""
        locked.valid_until = fiscal_year_end(timezone.localdate(now))
        locked.save()
        audit_log(actor=staff, action="reservations_group.approve", target=locked)
    logger.info("group %s approved", locked.public_id)
    return locked


def group_reject(
    *, staff: Any, group: Group, reason: str, now: dt.datetime | None = None
) -> Group:
    """Reject a pending group with a reason the resident sees.
    ``invalid_group`` (422) without a reason; ``group_not_pending`` (409)."""
    reason = (reason or "").strip()
    if not reason:
        raise _fail(_("Give the resident a reason."), "reason")
    with transaction.atomic():
        locked = _lock(group)
        if locked.state != Group.State.PENDING:
            raise ReservationError(
                _("This group is not waiting for approval."),
                code="group_not_pending",
                status=409,
            )
        locked.state = Group.State.REJECTED
        locked.rejection_reason = reason[:500]
        locked.decided_by = staff
        locked.decided_at = now or timezone.now()
        locked.save()
        audit_log(actor=staff, action="reservations_group.reject", target=locked)
    logger.info("group %s rejected", locked.public_id)
    return locked


def group_renewable(group: Group, *, today: dt.date | None = None) -> bool:
    """True when the resident may renew now: expired, or approved and within
    :data:`RENEWAL_OPENS_DAYS_BEFORE` days of the end of its period."""
    today = today or timezone.localdate()
    if group.state == Group.State.EXPIRED:
        return True
    return bool(
        group.state == Group.State.APPROVED
        and group.valid_until
        and (group.valid_until - today).days <= RENEWAL_OPENS_DAYS_BEFORE
    )


def group_renew(*, resident: Any, group: Group, today: dt.date | None = None) -> Group:
    """Renew one of ``resident``'s groups (更新). Approved: valid until the end
    of the next fiscal year at once. Expired: back to staff approval.
    ``group_not_renewable`` (409) otherwise; another resident's group is
    not found."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = (
            Group.objects.select_for_update()
            .filter(pk=group.pk, registered_by_id=getattr(resident, "pk", None))
            .first()
        )
        if locked is None:
            raise NotFoundError(_("No such group."))
        if not group_renewable(locked, today=today):
            raise ReservationError(
                _("This registration cannot be renewed yet."),
                code="group_not_renewable",
                status=409,
            )
        if locked.state == Group.State.APPROVED and locked.valid_until:
            locked.valid_until = fiscal_year_end(
                locked.valid_until + dt.timedelta(days=1)
            )
        else:
            locked.state = Group.State.PENDING
            locked.valid_until = None
        locked.save()
    logger.info("group %s renewed: %s", locked.public_id, locked.state)
    return locked


def groups_expire_due(*, today: dt.date | None = None) -> int:
    """Mark approved groups whose period ended before ``today`` expired.
    Returns how many; safe to run any number of times."""
    today = today or timezone.localdate()
    with transaction.atomic():
        count = Group.objects.filter(
            state=Group.State.APPROVED, valid_until__lt=today
        ).update(state=Group.State.EXPIRED, updated_at=timezone.now())
    logger.info("groups_expire_due: %s expired", count)
    return count
