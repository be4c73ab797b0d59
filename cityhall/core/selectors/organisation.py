"""Reads of organisation data: the municipality profile and departments.

These are public information (the city's own contact details), so the scoping
is "active records only".
"""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from cityhall.core.models import Department, District, Municipality


def municipality_current() -> Municipality | None:
    """The municipality this installation serves, with its districts loaded."""
    return (
        Municipality.objects.prefetch_related(
            Prefetch(
                "districts", queryset=District.objects.order_by("sort_order", "code")
            )
        )
        .order_by("pk")
        .first()
    )


def department_list_public() -> QuerySet[Department]:
    """Active departments (部) and divisions (課) in display order, flat."""
    return (
        Department.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("sort_order", "code", "pk")
    )


def department_get_public(*, public_id: uuid.UUID) -> Department | None:
    """One active department by its public UUID."""
    return department_list_public().filter(public_id=public_id).first()
