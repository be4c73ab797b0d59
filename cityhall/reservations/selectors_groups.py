"""Reads of groups (団体登録): the resident's own groups (never another
resident's) and the staff approval queue."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cityhall.reservations.models import Group, GroupMember


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def group_list_for_resident(*, user: Any) -> QuerySet[Group]:
    """The groups ``user`` registered, newest first; none for anyone else."""
    if not _signed_in(user):
        return Group.objects.none()
    return Group.objects.filter(registered_by=user).order_by("-created_at", "-id")


def group_get_for_resident(*, user: Any, public_id: uuid.UUID) -> Group | None:
    """One of the groups ``user`` registered, with its members, or None (also
    for another resident's id)."""
    return (
        group_list_for_resident(user=user)
        .prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.order_by("id"))
        )
        .filter(public_id=public_id)
        .first()
    )


def group_list_enterable(*, user: Any) -> QuerySet[Group]:
    """Approved, unexpired groups ``user`` registered or is a linked member
    of: those they may enter a lottery for."""
    if not _signed_in(user):
        return Group.objects.none()
    return (
        Group.objects.filter(
            Q(registered_by=user) | Q(members__user=user),
            state=Group.State.APPROVED,
            valid_until__gte=timezone.localdate(),
        )
        .distinct()
        .order_by("name", "id")
    )


def group_categories_of(*, user: Any) -> set[str]:
    """The categories (``Group.Category``) of ``user``'s approved, unexpired
    groups: what fee reductions (減免) without evidence they may claim."""
    return set(group_list_enterable(user=user).values_list("category", flat=True))


def group_list_for_staff(*, municipality: Any, state: str = "") -> QuerySet[Group]:
    """The municipality's groups for the approval screen: pending first,
    possible duplicates first among them, with who registered them."""
    groups = Group.objects.filter(municipality=municipality).select_related(
        "registered_by"
    )
    if state:
        groups = groups.filter(state=state)
    return groups.order_by("state", "-possible_duplicate", "created_at", "id")


def group_get_for_staff(*, municipality: Any, public_id: uuid.UUID) -> Group | None:
    """One of the municipality's groups with its members, or None."""
    return (
        Group.objects.filter(municipality=municipality, public_id=public_id)
        .select_related("registered_by", "decided_by")
        .prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.order_by("id"))
        )
        .first()
    )


def group_duplicates_of(*, group: Group) -> QuerySet[Group]:
    """The other groups sharing a normalised address, phone or
    representative name with ``group`` (what made it flagged)."""
    return (
        Group.objects.filter(municipality_id=group.municipality_id)
        .filter(
            Q(address_key=group.address_key)
            | Q(phone_key=group.phone_key)
            | Q(representative_key=group.representative_key)
        )
        .exclude(pk=group.pk)
        .order_by("name", "id")
    )
