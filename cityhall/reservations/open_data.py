"""The booking app's registry as open data (through the open-data app's
documented extension point, :mod:`cityhall.opendata.generators`).

``reservable-facilities``: every bookable facility under the standard
公共施設一覧 schema, one row per facility, its rooms with capacity and fees in
the description. It is a subset of the city's whole facility list (city hall,
libraries, … that cannot be booked), so it is its own dataset beside an
uploaded ``public-facilities``.

``facility-availability``: each slot of every room from tomorrow for
:data:`AVAILABILITY_DAYS` days, free, booked or closed. Today is left out so
the table changes only when a booking does or a day passes, not every hour as
slots go by; live availability is the API's
(``/api/v1/rooms/{id}/availability``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from cityhall.core.models import Municipality
from cityhall.opendata.generators import DatasetGenerator
from cityhall.reservations.models import Facility
from cityhall.reservations.selectors import (
    SlotState,
    facility_list_public,
    room_availability,
    rooms_with_facility_public,
)

#: Days of availability published, starting tomorrow.
AVAILABILITY_DAYS = 14

_WEEKDAY_NAMES = "月火水木金土日"

_KIND_NAMES = {
    Facility.Kind.COMMUNITY_CENTRE: "公民館",
    Facility.Kind.GYMNASIUM: "体育館",
    Facility.Kind.SPORTS_GROUND: "グラウンド",
    Facility.Kind.TENNIS_COURT: "テニスコート",
    Facility.Kind.OTHER: "その他",
}


def _municipality_columns() -> dict[str, str]:
    municipality = Municipality.objects.order_by("pk").first()
    if municipality is None:
        return {"全国地方公共団体コード": "", "地方公共団体名": ""}
    return {
        "全国地方公共団体コード": municipality.local_government_code,
        "地方公共団体名": municipality.name,
    }


def _page_url(viewname: str, public_id: Any) -> str:
    # Published data is Japanese: the address of the default-language page.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(viewname, kwargs={"public_id": public_id})
    return settings.CITYHALL_BASE_URL + path


def _open_weekdays(facility: Facility) -> str:
    closed = set(facility.closed_weekdays or [])
    return "".join(name for day, name in enumerate(_WEEKDAY_NAMES) if day not in closed)


def _room_description(facility: Facility) -> str:
    rooms = [
        f"{room.name}（定員{room.capacity}人、1区分 市内{room.resident_fee:,}円・"
        f"市外{room.non_resident_fee:,}円）"
        for room in facility.rooms.all()
    ]
    return f"{_KIND_NAMES.get(facility.kind, '')}。" + "、".join(rooms)


def reservable_facility_rows() -> Iterator[dict[str, Any]]:
    """One 公共施設一覧 row per bookable facility that has coordinates (3
    queries). The open-data registration rules require a place for a
    facility row; one not yet placed joins once staff enter its coordinates."""
    common = _municipality_columns()
    for facility in facility_list_public():
        if facility.latitude is None or facility.longitude is None:
            continue
        yield {
            **common,
            "ID": str(facility.public_id),
            "名称": facility.name,
            "住所": facility.address,
            "緯度": facility.latitude,
            "経度": facility.longitude,
            "利用可能曜日": _open_weekdays(facility),
            "開始時間": facility.opens_at.strftime("%H:%M"),
            "終了時間": facility.closes_at.strftime("%H:%M"),
            "利用可能日時特記事項": "祝日（振替休日を含む）は休館"
            if facility.closed_on_national_holidays
            else "",
            "説明": _room_description(facility),
            "バリアフリー情報": facility.accessibility,
            "URL": _page_url("reservations:facility_detail", facility.public_id),
            "備考": facility.equipment,
        }


AVAILABILITY_FIELDS: list[dict[str, Any]] = [
    {"name": "全国地方公共団体コード", "type": "string"},
    {"name": "地方公共団体名", "type": "string"},
    {"name": "施設ID", "type": "string", "constraints": {"required": True}},
    {"name": "施設名", "type": "string"},
    {"name": "部屋ID", "type": "string", "constraints": {"required": True}},
    {"name": "部屋名", "type": "string"},
    {"name": "日付", "type": "date", "constraints": {"required": True}},
    {"name": "区分", "type": "string"},
    {"name": "開始時間", "type": "time"},
    {"name": "終了時間", "type": "time"},
    {
        "name": "状況",
        "type": "string",
        "constraints": {
            "required": True,
            "enum": ["空き", "予約済", "抽選受付中", "利用不可", "休館"],
        },
    },
    {"name": "URL", "type": "string"},
]

_STATE_NAMES = {
    SlotState.FREE: "空き",
    SlotState.BOOKED: "予約済",
    SlotState.LOTTERY: "抽選受付中",
    SlotState.UNAVAILABLE: "利用不可",
}


def availability_rows(
    *, today: dt.date | None = None, days: int = AVAILABILITY_DAYS
) -> Iterator[dict[str, Any]]:
    """One row per slot of every room from the day after ``today``; a closed
    day is one row with 状況 休館 (three queries per room, plus three)."""
    today = today or timezone.localdate()
    first = today + dt.timedelta(days=1)
    last = today + dt.timedelta(days=days)
    now = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    common = _municipality_columns()
    for room in rooms_with_facility_public():
        facility = room.facility
        base = {
            **common,
            "施設ID": str(facility.public_id),
            "施設名": facility.name,
            "部屋ID": str(room.public_id),
            "部屋名": room.name,
            "URL": _page_url("reservations:room_calendar", room.public_id),
        }
        for day in room_availability(room=room, date_from=first, date_to=last, now=now):
            if day.closed_reason:
                yield {**base, "日付": day.date.isoformat(), "状況": "休館"}
                continue
            for slot in day.slots:
                yield {
                    **base,
                    "日付": day.date.isoformat(),
                    "区分": slot.label,
                    "開始時間": slot.start.strftime("%H:%M"),
                    "終了時間": slot.end.strftime("%H:%M"),
                    "状況": _STATE_NAMES[slot.state],
                }


RESERVABLE_FACILITIES = DatasetGenerator(
    key="reservations-facilities",
    name="reservable-facilities",
    title="予約できる公共施設一覧",
    title_translations={
        "en": "Bookable public facilities",
        "zh-hans": "可预约的公共设施一览",
        "ko": "예약 가능한 공공시설 목록",
    },
    notes="施設予約で予約できる公民館・体育館・グラウンド・テニスコートと、"
    "その部屋の定員と使用料。施設の登録・変更は1時間以内に反映されます。",
    notes_translations={
        "en": "The community centres, gymnasium, grounds and courts residents "
        "can book online, with each room's capacity and fees; changes show "
        "within an hour."
    },
    schema_key="public-facilities",
    tags=("公共施設", "施設予約"),
    rows=reservable_facility_rows,
)

FACILITY_AVAILABILITY = DatasetGenerator(
    key="reservations-availability",
    name="facility-availability",
    title="公共施設の空き状況",
    title_translations={
        "en": "Availability of bookable facilities",
        "zh-hans": "公共设施空闲情况",
        "ko": "공공시설 이용 가능 현황",
    },
    notes=f"予約できる施設の各部屋の、翌日から{AVAILABILITY_DAYS}日間の"
    "区分ごとの空き状況（1時間ごとに更新）。最新の状況はAPIで取得できます。",
    notes_translations={
        "en": f"Each slot of every bookable room for the {AVAILABILITY_DAYS} days "
        "from tomorrow, refreshed hourly; the API has the live state."
    },
    fields=AVAILABILITY_FIELDS,
    tags=("公共施設", "施設予約", "空き状況"),
    rows=availability_rows,
)
