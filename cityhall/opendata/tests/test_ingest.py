"""Uploads: encodings detected and reported, the legacy layout mapped, broken
files rejected row by row while the previous version stays live."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from cityhall.opendata import downloads
from cityhall.opendata.models import ResourceFormat, VersionStatus
from cityhall.opendata.services.resources import resource_upload
from cityhall.opendata.tests.factories import (
    WIFI_LEGACY_HEADER,
    WIFI_ROWS,
    csv_bytes,
    resource_make,
    wifi_csv,
    wifi_legacy_csv,
)

pytestmark = pytest.mark.django_db


def _csv_text(version, encoding: str) -> str:
    codec = {"utf-8": "utf-8", "shift_jis": "cp932"}[encoding]
    return b"".join(downloads.csv_render(version, encoding=encoding)).decode(codec)


def test_shift_jis_legacy_layout_imports_validates_and_downloads_in_both_encodings():
    """Acceptance: a Shift_JIS CSV in the 推奨データセット layout is detected,
    mapped to the current layout, validated, and downloads identically as
    UTF-8 and as Shift_JIS."""
    resource = resource_make(schema_key="wifi-access-points")
    legacy = wifi_legacy_csv(encoding="cp932")
    legacy.decode("cp932")  # really Shift_JIS …
    with pytest.raises(UnicodeDecodeError):
        legacy.decode("utf-8")  # … and not UTF-8

    version = resource_upload(resource=resource, data=legacy, filename="wifi.csv")

    assert version.status == VersionStatus.VALID
    assert version.detected_encoding == "Shift_JIS (CP932)"
    assert {"from": "NO", "to": "ID"} in version.report["header_mapping"]
    assert version.report["combined"] == [
        {"to": "地方公共団体名", "from": ["都道府県名", "市区町村名"]}
    ]
    utf8 = _csv_text(version, "utf-8")
    sjis_bytes = b"".join(downloads.csv_render(version, encoding="shift_jis"))
    assert sjis_bytes.decode("cp932") == utf8
    assert sjis_bytes != utf8.encode("utf-8")  # really two encodings
    lines = utf8.split("\r\n")
    assert lines[0].startswith("全国地方公共団体コード,ID,地方公共団体名,名称,")
    assert lines[1].startswith(
        "092100,1,栃木県大田原市,大田原市役所,オオタワラシヤクショ,"
    )
    assert lines[2].endswith(",髙橋記念室")  # an IBM extension character survives
    # The original upload is kept byte for byte.
    assert version.file.open("rb").read() == legacy


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("cp932", "Shift_JIS (CP932)")],
)
def test_encodings_are_detected_and_reported(encoding, label):
    """UTF-8, UTF-8 with BOM and Shift_JIS load to the same rows."""
    resource = resource_make(schema_key="wifi-access-points")
    version = resource_upload(
        resource=resource, data=wifi_csv(encoding=encoding), filename="wifi.csv"
    )
    assert version.status == VersionStatus.VALID, version.report
    assert version.detected_encoding == label
    assert (
        _csv_text(version, "utf-8")
        .split("\r\n")[1]
        .startswith("092100,1,栃木県大田原市")
    )


def test_broken_file_is_rejected_naming_row_and_column_and_previous_stays_live():
    """A bad latitude and a missing name are reported by row and column; the
    previous version stays live and its rows are still served."""
    resource = resource_make(schema_key="wifi-access-points")
    good = resource_upload(resource=resource, data=wifi_legacy_csv(), filename="v1.csv")
    rows = [list(r) for r in WIFI_ROWS]
    rows[1][9] = "北緯36度"  # 緯度 of the second data row (spreadsheet row 3)
    rows[0][4] = ""  # 名称 of the first data row (row 2)
    broken = csv_bytes(WIFI_LEGACY_HEADER, [tuple(r) for r in rows], encoding="cp932")

    with translation.override("en"):  # the report is written in the uploader's language
        rejected = resource_upload(resource=resource, data=broken, filename="v2.csv")

    assert rejected.status == VersionStatus.INVALID
    assert rejected.report["error_count"] == 2
    errors = {(e["row"], e["column"], e["code"]) for e in rejected.report["errors"]}
    assert errors == {(2, "名称", "required-error"), (3, "緯度", "type-error")}
    assert "Row 3, column 緯度" in rejected.report["errors"][1]["message"]
    resource.refresh_from_db()
    assert resource.current_version == good
    assert _csv_text(good, "utf-8").count("\r\n") == 3
    assert rejected.datastore_table == ""


def test_missing_required_column_is_reported_on_the_header_row():
    """A file without the 名称 column is rejected at row 1."""
    resource = resource_make(schema_key="wifi-access-points")
    header = [h for h in WIFI_LEGACY_HEADER if h != "名称"]
    rows = [tuple(v for i, v in enumerate(r) if i != 4) for r in WIFI_ROWS]
    version = resource_upload(
        resource=resource,
        data=csv_bytes(header, rows, encoding="utf-8"),
        filename="x.csv",
    )
    assert version.status == VersionStatus.INVALID
    assert version.report["errors"][0]["row"] == 1
    assert version.report["errors"][0]["column"] == "名称"


def test_xlsx_upload_reads_first_sheet():
    """An XLSX workbook validates against the schema like a CSV."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(WIFI_LEGACY_HEADER)
    for row in WIFI_ROWS:
        values = list(row)
        values[9], values[10] = float(values[9]), float(values[10])
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    resource = resource_make(
        schema_key="wifi-access-points", format=ResourceFormat.XLSX
    )

    version = resource_upload(
        resource=resource, data=buffer.getvalue(), filename="w.xlsx"
    )

    assert version.status == VersionStatus.VALID, version.report
    assert version.row_count == 2
    assert downloads.has_coordinates(version)


def test_table_without_schema_gets_inferred_types():
    """Without a schema, columns of whole numbers become integer fields."""
    resource = resource_make()
    data = "地区,人口\r\n黒羽,12000\r\n湯津上,3000\r\n".encode()
    version = resource_upload(resource=resource, data=data, filename="p.csv")
    assert version.status == VersionStatus.VALID
    assert version.fields == [
        {"name": "地区", "type": "string"},
        {"name": "人口", "type": "integer"},
    ]


def test_geojson_download_is_rfc7946():
    """Rows become Point features with [longitude, latitude], no crs member."""
    resource = resource_make(schema_key="wifi-access-points")
    version = resource_upload(
        resource=resource, data=wifi_legacy_csv(), filename="w.csv"
    )
    import json

    collection = json.loads(b"".join(downloads.geojson_render(version)))
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    first = collection["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [140.01558, 36.87145]}
    assert first["properties"]["名称"] == "大田原市役所"
    assert "緯度" not in first["properties"]


def test_pdf_resource_must_be_a_pdf():
    """A file named .pdf that is not a PDF is rejected."""
    resource = resource_make(format=ResourceFormat.PDF)
    version = resource_upload(resource=resource, data=b"<html>", filename="a.pdf")
    assert version.status == VersionStatus.INVALID
    good = resource_upload(resource=resource, data=b"%PDF-1.7\n...", filename="a.pdf")
    assert good.status == VersionStatus.VALID
