"""Factories for the reservations app: facilities with rooms and blocks, and
residents who live in (or outside) the municipality."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityhall.core.models import Municipality
from cityhall.core.tests.factories import (
    MunicipalityFactory,
    ResidentProfileFactory,
    UserFactory,
)
from cityhall.reservations.models import (
    Equipment,
    Facility,
    FeeReduction,
    Room,
    SlotBlock,
)

BLOCKS = (
    ("午前", dt.time(9), dt.time(12)),
    ("午後", dt.time(13), dt.time(17)),
    ("夜間", dt.time(18), dt.time(21)),
)


def facility_make(
    *, municipality: Municipality | None = None, **fields: Any
) -> Facility:
    fields.setdefault("kind", Facility.Kind.COMMUNITY_CENTRE)
    fields.setdefault("name", "見本公民館")
    fields.setdefault("address", "見本県見本市本町2-1")
    return Facility.objects.create(
        municipality=municipality or MunicipalityFactory(), **fields
    )


def room_make(
    *,
    facility: Facility | None = None,
    scheme: str = Room.SlotScheme.BLOCKS,
    resident_fee: int = 600,
    non_resident_fee: int = 1_200,
    **fields: Any,
) -> Room:
    """A room (in a new facility unless given) with the 午前/午後/夜間 blocks."""
    fields.setdefault("name", "会議室")
    fields.setdefault("capacity", 30)
    room = Room.objects.create(
        facility=facility or facility_make(),
        slot_scheme=scheme,
        resident_fee=resident_fee,
        non_resident_fee=non_resident_fee,
        **fields,
    )
    if scheme == Room.SlotScheme.BLOCKS:
        for label, start, end in BLOCKS:
            SlotBlock.objects.create(room=room, label=label, start=start, end=end)
    return room


def resident_make(*, local: bool = True) -> Any:
    """A verified resident with a profile; ``local`` residents live in 見本市
    (the factory municipality), others in Tokyo."""
    user = UserFactory()
    ResidentProfileFactory(
        user=user,
        address="見本県見本市本町3-3" if local else "東京都千代田区千代田1-1",
    )
    return user


def equipment_make(*, room: Room, fee: int = 500, **fields: Any) -> Equipment:
    """An equipment item of ``room``'s facility (every room unless ``room_only``)."""
    fields.setdefault("name", "プロジェクター")
    return Equipment.objects.create(facility=room.facility, fee=fee, **fields)


def reduction_make(*, room: Room, **fields: Any) -> FeeReduction:
    """A fee reduction rule (default: 老人クラブ 50%, no evidence)."""
    fields.setdefault("code", "seniors-club")
    fields.setdefault("name", "老人クラブ")
    fields.setdefault("applies_to_category", "seniors_club")
    fields.setdefault("kind", FeeReduction.Kind.PERCENT)
    fields.setdefault("percent", 50)
    return FeeReduction.objects.create(
        municipality=room.facility.municipality, **fields
    )


def member_of_approved_group(*, room: Room, category: str = "seniors_club") -> Any:
    """A resident who registered an approved group of ``category`` in the
    room's municipality: eligible for reductions without evidence."""
    from cityhall.reservations.tests.lottery_factories import group_make

    resident = resident_make()
    group_make(
        resident=resident,
        municipality=room.facility.municipality,
        category=category,
    )
    return resident
