"""The facility registry and its availability as open data."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from cityhall.opendata import downloads
from cityhall.opendata.generators import dataset_generators
from cityhall.opendata.models import Dataset
from cityhall.opendata.services.generators import generated_datasets_refresh
from cityhall.reservations.models import Booking
from cityhall.reservations.open_data import (
    AVAILABILITY_DAYS,
    availability_rows,
    reservable_facility_rows,
)

from .factories import facility_make, room_make

pytestmark = pytest.mark.django_db


def _published_rows(key: str) -> list[dict[str, str]]:
    dataset = Dataset.objects.get(generator_key=key)
    version = dataset.resources.get().current_version
    text = b"".join(downloads.csv_render(version)).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_both_datasets_are_registered():
    """The app registers its two generators with the open-data app."""
    keys = [g.key for g in dataset_generators()]
    assert "reservations-facilities" in keys
    assert "reservations-availability" in keys


def test_facilities_are_published_under_the_standard_schema():
    """Each placed facility becomes one valid 公共施設一覧 row with its hours,
    open weekdays, holiday note and rooms with capacity and fees; one without
    coordinates is left out (the registration rules need a place)."""
    facility = facility_make(
        name="北公民館",
        closed_weekdays=[0],
        closed_on_national_holidays=True,
        accessibility="車いす用トイレあり",
        latitude="36.871000",
        longitude="140.015000",
    )
    facility_make(name="位置未登録の施設")
    room_make(facility=facility, name="和室", capacity=20, resident_fee=400)
    (result,) = generated_datasets_refresh(keys=["reservations-facilities"])
    assert result["valid"] is True
    assert result["rows"] == 1
    [row] = _published_rows("reservations-facilities")
    assert row["ID"] == str(facility.public_id)
    assert row["名称"] == "北公民館"
    assert row["利用可能曜日"] == "火水木金土日"
    assert (row["開始時間"], row["終了時間"]) == ("09:00", "21:00")
    assert "祝日" in row["利用可能日時特記事項"]
    assert "和室（定員20人、1区分 市内400円・市外1,200円）" in row["説明"]
    assert row["バリアフリー情報"] == "車いす用トイレあり"
    assert row["URL"].endswith(f"/facilities/{facility.public_id}/")
    assert Dataset.objects.get(generator_key="reservations-facilities").is_published


def test_availability_lists_each_slot_from_tomorrow(future_weekday):
    """From the day after ``today``: a booked block is 予約済, the others
    空き, a closed weekday one 休館 row; ``today`` itself is left out."""
    room = room_make()
    room.facility.closed_weekdays = [(future_weekday.weekday() + 1) % 7]
    room.facility.save()
    Booking.objects.create(
        room=room,
        date=future_weekday,
        start=dt.time(13),
        end=dt.time(17),
        fee=600,
        state=Booking.State.CONFIRMED,
    )
    today = future_weekday - dt.timedelta(days=1)
    rows = list(availability_rows(today=today, days=2))
    assert [(r["日付"], r.get("区分"), r["状況"]) for r in rows] == [
        (future_weekday.isoformat(), "午前", "空き"),
        (future_weekday.isoformat(), "午後", "予約済"),
        (future_weekday.isoformat(), "夜間", "空き"),
        ((future_weekday + dt.timedelta(days=1)).isoformat(), None, "休館"),
    ]
    assert rows[0]["部屋ID"] == str(room.public_id)


def test_availability_queries_do_not_grow_with_days(
    future_weekday, django_assert_num_queries
):
    """Two queries for the rooms and their blocks, the municipality, then
    three per room (bookings, blackouts, lottery windows) whatever the number
    of days."""
    room_make()
    room_make()
    today = future_weekday - dt.timedelta(days=1)
    with django_assert_num_queries(3 + 2 * 3):
        rows = list(availability_rows(today=today, days=AVAILABILITY_DAYS))
    assert len(rows) >= 2 * AVAILABILITY_DAYS


def test_availability_dataset_is_valid():
    """The generated availability table passes the open-data validator."""
    room_make()
    (result,) = generated_datasets_refresh(keys=["reservations-availability"])
    assert result["valid"] is True
    assert result["rows"] >= AVAILABILITY_DAYS
    assert {r["状況"] for r in _published_rows("reservations-availability")} <= {
        "空き",
        "予約済",
        "抽選受付中",
        "利用不可",
        "休館",
    }


def test_facility_rows_query_count(django_assert_num_queries):
    """Facilities, their rooms and the municipality: three queries."""
    facility_make(latitude="36.87", longitude="140.01")
    with django_assert_num_queries(3):
        assert len(list(reservable_facility_rows())) == 1
