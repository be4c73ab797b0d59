"""Datasets the open-data app itself generates from core data.

``core-departments``: the municipality's departments and divisions with their
contact details (部署・連絡先一覧), kept current hourly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cityhall.core.models import Department, Municipality
from cityhall.opendata.generators import DatasetGenerator

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
