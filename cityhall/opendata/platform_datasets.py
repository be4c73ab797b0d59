"""Datasets the open-data app itself generates from platform data.

``core-departments``: the municipality's departments and divisions with their
contact details (部署・連絡先一覧), kept current hourly.

``website-event-notices``: the current notices of the event category (イベント)
as the standard イベント一覧 table, read through the website's selector (the
website is a lower layer; notices, a sibling domain app, is not imported).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from cityhall.core.models import Department, Municipality
from cityhall.opendata.generators import DatasetGenerator
from cityhall.website.notice_selectors import event_notice_list_current

DEPARTMENT_FIELDS: list[dict[str, Any]] = [
    {
        "name": "全国地方公共団体コード",
        "type": "string",
        "constraints": {"required": True},
    },
    {"name": "地方公共団体名", "type": "string"},
    {"name": "ID", "type": "string", "constraints": {"required": True, "unique": True}},
    {"name": "名称", "type": "string", "constraints": {"required": True}},
    {"name": "名称_カナ", "type": "string"},
    {"name": "名称_英字", "type": "string"},
    {"name": "上位組織", "type": "string"},
    {"name": "電話番号", "type": "string"},
    {"name": "FAX番号", "type": "string"},
    {"name": "メールアドレス", "type": "string"},
    {"name": "所在地", "type": "string"},
]


def department_rows() -> Iterator[dict[str, Any]]:
    municipality = Municipality.objects.first()
    departments = (
        Department.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("sort_order", "code")
    )
    for department in departments:
        yield {
            "全国地方公共団体コード": municipality.local_government_code
            if municipality
            else "",
            "地方公共団体名": municipality.name if municipality else "",
            "ID": department.code,
            "名称": department.name,
            "名称_カナ": department.name_kana,
            "名称_英字": department.name_translations.get("en", ""),
            "上位組織": department.parent.name if department.parent else "",
            "電話番号": department.phone,
            "FAX番号": department.fax,
            "メールアドレス": department.email,
            "所在地": department.location,
        }


DEPARTMENTS = DatasetGenerator(
    key="core-departments",
    name="departments",
    title="部署・連絡先一覧",
    title_translations={
        "en": "Departments and contacts",
        "zh-hans": "部门及联系方式",
        "ko": "부서 및 연락처",
    },
    notes="市役所の部・課と電話番号、メールアドレス、所在地。組織の変更は1時間以内に反映されます。",
    notes_translations={
        "en": "The city hall's departments and divisions with phone, e-mail and "
        "location, updated within an hour of any change."
    },
    fields=DEPARTMENT_FIELDS,
    tags=("組織", "連絡先"),
    rows=department_rows,
)


def _last_day(expires_at: dt.datetime | None) -> dt.date | None:
    """The last local day a notice is valid: a notice valid "until midnight"
    (00:00 of the next day) ends the day before."""
    if expires_at is None:
        return None
    local = timezone.localtime(expires_at)
    if local.time() == dt.time(0, 0):
        return local.date() - dt.timedelta(days=1)
    return local.date()


def event_notice_rows() -> Iterator[dict[str, Any]]:
    """One row of the standard イベント一覧 per current event notice.

    ID is the notice's public identifier (its translation key); 開始日 the
    notice's date and 終了日 the last day of its validity; 連絡先 its
    responsible division. The notice has no venue, fee or capacity fields, so
    those columns stay empty.
    """
    municipality = Municipality.objects.order_by("pk").first()
    for page in event_notice_list_current():
        department = page.responsible_department()
        start = page.date
        end = _last_day(page.expires_at)
        yield {
            "全国地方公共団体コード": municipality.local_government_code
            if municipality
            else "",
            "ID": str(page.translation_key),
            "地方公共団体名": municipality.name if municipality else "",
            "イベント名": page.title,
            "イベント名_英字": page.title_en or "",
            "開始日": start.isoformat(),
            "終了日": end.isoformat() if end and end >= start else "",
            "説明": page.lead,
            "連絡先名称": department.name if department else "",
            "連絡先電話番号": department.phone if department else "",
            "URL": page.get_full_url() or "",
        }


EVENT_NOTICES = DatasetGenerator(
    key="website-event-notices",
    name="notice-events",
    title="イベント一覧（お知らせ）",
    title_translations={
        "en": "Events (from the city's notices)",
        "zh-hans": "活动一览（通知）",
        "ko": "행사 목록 (알림)",
    },
    notes="ウェブサイトの「イベント」のお知らせのうち、掲載中のもの。"
    "お知らせの公開・終了は1時間以内に反映されます。",
    notes_translations={
        "en": "The event notices currently on the city's website, updated "
        "within an hour of a notice being published or ending."
    },
    schema_key="events",
    tags=("イベント", "お知らせ"),
    rows=event_notice_rows,
)
