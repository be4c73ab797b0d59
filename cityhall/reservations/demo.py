"""Demo data of the reservations app: a 公民館 in each district of the demo
municipality, a 体育館, a グラウンド and tennis courts with rates like a small
city's, and bookings of the demo resident in several states (made through the
services, so their invoices exist in payments)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from cityhall.core.models import District, Municipality
from cityhall.payments.models import Channel
from cityhall.payments.services.payments import payment_record_received
from cityhall.reservations.holidays import is_national_holiday
from cityhall.reservations.models import Facility, Room, SlotBlock
from cityhall.reservations.services.booking import (
    booking_cancel,
    booking_confirm_paid,
    booking_create_provisional,
)
from cityhall.reservations.slot_ids import slot_id_make

DEMO_RESIDENT_EMAIL = "resident@demo.cityhall.jp"
#: The demo staff member who runs the facilities console (市民課 general staff).
DEMO_FACILITY_STAFF_EMAIL = "staff@demo.cityhall.jp"
#: The group that holds ``reservations.manage_bookings`` in the demo.
DEMO_CONSOLE_GROUP = "施設予約管理"
BLOCKS = (
    ("午前", dt.time(9), dt.time(12)),
    ("午後", dt.time(13), dt.time(17)),
    ("夜間", dt.time(18), dt.time(21)),
)
ACCESSIBLE = "段差のない出入口、多目的トイレ、車いす用駐車場2台。"


def _room(
    facility: Facility,
    name: str,
    capacity: int,
    fees: tuple[int, int],
    *,
    hourly: bool = False,
    order: int = 0,
) -> Room:
    room = Room.objects.create(
        facility=facility,
        name=name,
        capacity=capacity,
        slot_scheme=Room.SlotScheme.HOURLY if hourly else Room.SlotScheme.BLOCKS,
        resident_fee=fees[0],
        non_resident_fee=fees[1],
        sort_order=order,
    )
    if not hourly:
        SlotBlock.objects.bulk_create(
            SlotBlock(room=room, label=label, start=start, end=end)
            for label, start, end in BLOCKS
        )
    return room


def _open_day(after: int) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=after)
    while day.weekday() in (0, 6) or is_national_holiday(day):
        day += dt.timedelta(days=1)
    return day


def demo_seed(*, municipality: Municipality) -> list[Facility]:
    """Create the facilities once (a second call changes nothing) and, when
    the demo resident exists, a provisional, a confirmed and a cancelled
    booking."""
    if Facility.objects.filter(municipality=municipality).exists():
        return []
    facilities: list[Facility] = []
    with transaction.atomic():
        for order, district in enumerate(
            District.objects.filter(municipality=municipality).order_by("sort_order")
        ):
            centre = Facility.objects.create(
                municipality=municipality,
                district=district,
                kind=Facility.Kind.COMMUNITY_CENTRE,
                name=f"{district.name}公民館",
                address=f"{municipality.prefecture}{municipality.name}{district.name}",
                accessibility=ACCESSIBLE,
                equipment="長机、椅子、ホワイトボード、プロジェクター(有料)",
                closed_weekdays=[0],
                closed_on_national_holidays=True,
                sort_order=order,
            )
            _room(centre, "会議室", 30, (600, 1_200))
            _room(centre, "和室", 20, (400, 800), order=1)
            facilities.append(centre)
        gym = Facility.objects.create(
            municipality=municipality,
            kind=Facility.Kind.GYMNASIUM,
            name=f"{municipality.name}総合体育館",
            address=f"{municipality.prefecture}{municipality.name}本町",
            accessibility=ACCESSIBLE,
            equipment="バスケットゴール、バレーボール支柱、卓球台",
            closed_weekdays=[0],
            sort_order=100,
        )
        _room(gym, "アリーナ全面", 300, (3_000, 6_000))
        ground = Facility.objects.create(
            municipality=municipality,
            kind=Facility.Kind.SPORTS_GROUND,
            name=f"{municipality.name}運動公園グラウンド",
            address=f"{municipality.prefecture}{municipality.name}",
            equipment="野球・サッカー兼用、夜間照明",
            opens_at=dt.time(8),
            closes_at=dt.time(21),
            sort_order=101,
        )
        _room(ground, "グラウンド", 200, (1_000, 2_000), hourly=True)
        courts = Facility.objects.create(
            municipality=municipality,
            kind=Facility.Kind.TENNIS_COURT,
            name=f"{municipality.name}運動公園テニスコート",
            address=f"{municipality.prefecture}{municipality.name}",
            opens_at=dt.time(8),
            closes_at=dt.time(20),
            sort_order=102,
        )
        for number in (1, 2):
            _room(courts, f"{number}番コート", 4, (300, 600), hourly=True, order=number)
        facilities += [gym, ground, courts]
        resident = get_user_model().objects.filter(email=DEMO_RESIDENT_EMAIL).first()
        if resident is not None and facilities[0].rooms.exists():
            _demo_bookings(resident, facilities[0].rooms.order_by("sort_order")[0])
        _demo_console_staff()
    return facilities


def _demo_console_staff() -> None:
    """Let the demo general staff member open the reservations console."""
    staff = get_user_model().objects.filter(email=DEMO_FACILITY_STAFF_EMAIL).first()
    if staff is None:
        return
    group, _created = Group.objects.get_or_create(name=DEMO_CONSOLE_GROUP)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="reservations", codename="manage_bookings"
        )
    )
    staff.groups.add(group)


def _demo_bookings(resident: object, room: Room) -> None:
    def book(day: dt.date, hour: int, purpose: str):
        return booking_create_provisional(
            resident=resident,
            slot=slot_id_make(
                room_public_id=room.public_id, date=day, start=dt.time(hour)
            ),
            purpose=purpose,
            attendees=10,
        )

    book(_open_day(10), 9, "自治会役員会")  # stays provisional
    confirmed = book(_open_day(17), 13, "絵手紙サークル")
    payment_record_received(
        invoice=confirmed.invoice,
        channel=Channel.COUNTER,
        amount=confirmed.fee,
        provider_reference=f"demo:{confirmed.public_id}",
    )
    booking_confirm_paid(invoice_id=confirmed.invoice.pk)
    cancelled = book(_open_day(24), 18, "合唱練習")
    booking_cancel(resident=resident, booking=cancelled)
