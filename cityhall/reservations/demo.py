"""Demo data of the reservations app: a 公民館 in each district of the demo
municipality, a 体育館, a グラウンド and tennis courts with rates like a small
city's, and bookings of the demo resident in several states (made through the
services, so their invoices exist in payments). Equipment with fees
(プロジェクター, ピアノ, 得点板), fee reduction rules (老人クラブ 50%,
障害者団体 full exemption with evidence, 子ども会 50%) and one booking
awaiting 減免 review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cityhall.core.models import District, Municipality
from cityhall.gis.errors import GisError
from cityhall.gis.selectors import place_for_district
from cityhall.payments.models import Channel
from cityhall.payments.services.payments import payment_record_received
from cityhall.reservations.holidays import is_national_holiday
from cityhall.reservations.models import (
    Booking,
    Equipment,
    Facility,
    FeeReduction,
    Group,
    Room,
    SlotBlock,
)
from cityhall.reservations.services.booking import (
    booking_cancel,
    booking_confirm_paid,
    booking_create_provisional,
    bookings_expire_due,
)
from cityhall.reservations.services.console import booking_usage_record
from cityhall.reservations.services.groups import group_approve, group_register
from cityhall.reservations.services.lottery import entry_create, window_create
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


def _near_district(
    municipality: Municipality, district: District | None, *, offset: float = 0.0
) -> dict[str, Decimal]:
    """Coordinates a little way from the district's representative point (the
    gis demo's), so the facilities sit on the map and in open data; none when
    the district has no point."""
    if district is None:
        return {}
    try:
        place = place_for_district(
            municipality=municipality, district_code=district.code
        )
    except GisError:
        return {}
    return {
        "latitude": round(Decimal(place.latitude + offset), 6),
        "longitude": round(Decimal(place.longitude + offset), 6),
    }


def _past_open_day(before: int) -> dt.date:
    day = timezone.localdate() - dt.timedelta(days=before)
    while day.weekday() in (0, 6) or is_national_holiday(day):
        day -= dt.timedelta(days=1)
    return day


def _demo_past_bookings(resident: Any, room: Room, staff: Any) -> None:
    """Bookings in the states only time makes: one used (利用実績) and one
    not used (無断キャンセル) in the past weeks, recorded by the facility
    staff, and one that expired unpaid."""

    def book(day: dt.date, hour: int, purpose: str, made: dt.datetime) -> Booking:
        return booking_create_provisional(
            resident=resident,
            slot=slot_id_make(
                room_public_id=room.public_id, date=day, start=dt.time(hour)
            ),
            purpose=purpose,
            attendees=8,
            now=made,
        )

    if staff is not None:
        for before, hour, purpose, outcome in (
            (14, 9, "自治会総会", Booking.State.USED),
            (7, 13, "子ども会の打合せ", Booking.State.NO_SHOW),
        ):
            day = _past_open_day(before)
            made = timezone.make_aware(
                dt.datetime.combine(day - dt.timedelta(days=10), dt.time(10))
            )
            booking = book(day, hour, purpose, made)
            payment_record_received(
                invoice=booking.invoice,
                channel=Channel.COUNTER,
                amount=booking.fee,
                provider_reference=f"demo:{booking.public_id}",
            )
            booking_confirm_paid(invoice_id=booking.invoice.pk)
            booking_usage_record(booking=booking, outcome=outcome, actor=staff)
    # Booked two hours ago to pay by card within half an hour, never paid.
    book(_open_day(38), 9, "卓球練習", timezone.now() - dt.timedelta(hours=2))
    bookings_expire_due()


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
    central = (
        District.objects.filter(municipality=municipality)
        .order_by("sort_order")
        .first()
    )
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
                **_near_district(municipality, district, offset=0.002),
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
            **_near_district(municipality, central, offset=-0.004),
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
            **_near_district(municipality, central, offset=-0.006),
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
            **_near_district(municipality, central, offset=-0.007),
        )
        for number in (1, 2):
            _room(courts, f"{number}番コート", 4, (300, 600), hourly=True, order=number)
        facilities += [gym, ground, courts]
        _demo_fees(municipality, facilities)
        staff = _demo_console_staff()
        resident = get_user_model().objects.filter(email=DEMO_RESIDENT_EMAIL).first()
        if resident is not None and facilities[0].rooms.exists():
            room = facilities[0].rooms.order_by("sort_order")[0]
            _demo_bookings(resident, room)
            _demo_past_bookings(resident, room, staff)
        if resident is not None:
            _demo_groups_and_lottery(resident, municipality, gym)
    return facilities


def _demo_console_staff() -> Any:
    """Let the demo general staff member open the reservations console; that
    staff member (fresh, with the permission), or None."""
    staff = get_user_model().objects.filter(email=DEMO_FACILITY_STAFF_EMAIL).first()
    if staff is None:
        return None
    group, _created = AuthGroup.objects.get_or_create(name=DEMO_CONSOLE_GROUP)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="reservations", codename="manage_bookings"
        )
    )
    staff.groups.add(group)
    return get_user_model().objects.get(pk=staff.pk)  # no cached permissions


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
    # A disability group's meeting, fully exempt once staff accept the
    # certificate: waits in the console's review list.
    booking_create_provisional(
        resident=resident,
        slot=slot_id_make(
            room_public_id=room.public_id, date=_open_day(31), start=dt.time(13)
        ),
        purpose="障害者団体 定例会",
        attendees=15,
        reduction_code="disability-group",
        evidence=SimpleUploadedFile("団体登録証.pdf", DEMO_EVIDENCE),
    )


#: A minimal valid PDF standing in for a scanned group registration.
DEMO_EVIDENCE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _demo_fees(municipality: Municipality, facilities: list[Facility]) -> None:
    """Equipment of each facility and the city's fee reduction rules."""
    for facility in facilities:
        if facility.kind == Facility.Kind.COMMUNITY_CENTRE:
            Equipment.objects.create(
                facility=facility,
                name="プロジェクター",
                name_translations={"en": "Projector"},
                fee=500,
            )
            Equipment.objects.create(
                facility=facility,
                room=facility.rooms.order_by("sort_order").first(),
                name="ピアノ",
                name_translations={"en": "Piano"},
                fee=1_000,
                sort_order=1,
            )
        elif facility.kind == Facility.Kind.GYMNASIUM:
            Equipment.objects.create(
                facility=facility,
                name="得点板",
                name_translations={"en": "Scoreboard"},
                fee=300,
            )
    rules = (
        ("seniors-club", "老人クラブ", "Seniors' club", "seniors_club", 50, False),
        ("disability-group", "障害者団体", "Disability group", "disability", 100, True),
        ("children-club", "子ども会", "Children's club", "children_youth", 50, False),
    )
    for order, (code, name, english, category, percent, evidence) in enumerate(rules):
        FeeReduction.objects.create(
            municipality=municipality,
            code=code,
            name=name,
            name_translations={"en": english},
            applies_to_category=category,
            kind=FeeReduction.Kind.EXEMPT
            if percent == 100
            else FeeReduction.Kind.PERCENT,
            percent=0 if percent == 100 else percent,
            rounding=FeeReduction.Rounding.FLOOR_10,
            evidence_required=evidence,
            sort_order=order,
        )


def _demo_groups_and_lottery(
    resident: object, municipality: Municipality, gym: Facility
) -> None:
    """A seniors' club and a disability group (approved), a third group
    sharing the club's phone (flagged, pending), and an open lottery for next
    month's gymnasium with a few of the demo resident's wishes."""
    seniors = group_register(
        resident=resident,
        municipality=municipality,
        name="本町ひまわり老人クラブ",
        category=Group.Category.SENIORS_CLUB,
        representative_name="大田 一郎",
        address=f"{municipality.prefecture}{municipality.name}本町1-2-3",
        phone="0287-23-0001",
        members=["大田 花子", "原 次郎", "黒羽 三郎"],
    )
    group_approve(staff=None, group=seniors)
    disability = group_register(
        resident=resident,
        municipality=municipality,
        name="あゆみの会(障害者スポーツ)",
        category=Group.Category.DISABILITY,
        representative_name="湯津上 和子",
        address=f"{municipality.prefecture}{municipality.name}中央2-4",
        phone="0287-23-0002",
        members=["佐久山 健", "野崎 由美"],
    )
    group_approve(staff=None, group=disability)
    group_register(
        resident=resident,
        municipality=municipality,
        name="本町ひまわり会",
        category=Group.Category.SENIORS_CLUB,
        representative_name="大田 一郎",
        address=f"{municipality.prefecture}{municipality.name}本町1-2-3",
        phone="０２８７－２３－０００１",
        members=["大田 花子"],
    )
    now = timezone.now()
    today = timezone.localdate()
    month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if (month - today).days < 3:
        month = (month + dt.timedelta(days=32)).replace(day=1)
    closes_at = timezone.make_aware(
        dt.datetime.combine(month - dt.timedelta(days=1), dt.time(17))
    )
    window = window_create(
        facility=gym,
        month=month,
        opens_at=now - dt.timedelta(days=1),
        closes_at=closes_at,
        confirm_by=closes_at + dt.timedelta(hours=12),
    )
    arena = gym.rooms.order_by("sort_order")[0]
    days = [
        month + dt.timedelta(days=n)
        for n in range(28)
        if (month + dt.timedelta(days=n)).weekday() not in gym.closed_weekdays
    ]
    for day, hour, group in (
        (days[2], 9, seniors),
        (days[5], 13, None),
        (days[9], 18, disability),
    ):
        entry_create(
            resident=resident,
            window=window,
            slot=slot_id_make(
                room_public_id=arena.public_id, date=day, start=dt.time(hour)
            ),
            group_public_id=group.public_id if group else None,
        )
