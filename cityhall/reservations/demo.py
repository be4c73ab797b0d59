"""Demo data of the reservations app: a 公民館 in each district of the demo
municipality, a 体育館, a グラウンド and tennis courts with rates like a small
city's, and bookings of the demo resident in several states (made through the
services, so their invoices exist in payments). Equipment with fees
(プロジェクター, ピアノ, 得点板), fee reduction rules (老人クラブ 50%,
障害者団体 full exemption with evidence, 子ども会 50%) and one booking
awaiting 減免 review."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cityhall.core.models import District, Municipality
from cityhall.payments.models import Channel
from cityhall.payments.services.payments import payment_record_received
from cityhall.reservations.holidays import is_national_holiday
from cityhall.reservations.models import (
    Equipment,
    Facility,
    FeeReduction,
    Room,
    SlotBlock,
)
from cityhall.reservations.services.booking import (
    booking_cancel,
    booking_confirm_paid,
    booking_create_provisional,
)
from cityhall.reservations.slot_ids import slot_id_make

DEMO_RESIDENT_EMAIL = "resident@demo.cityhall.jp"
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
        _demo_fees(municipality, facilities)
        resident = get_user_model().objects.filter(email=DEMO_RESIDENT_EMAIL).first()
        if resident is not None and facilities[0].rooms.exists():
            _demo_bookings(resident, facilities[0].rooms.order_by("sort_order")[0])
    return facilities


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
        ("children-club", "子ども会", "Children's club", "children", 50, False),
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
