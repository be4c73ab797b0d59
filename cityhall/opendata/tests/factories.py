"""Factories for the open-data app: datasets and resources through the services,
and CSV files in the standard and the legacy (推奨データセット) layouts."""

from __future__ import annotations

import itertools
from typing import Any

from cityhall.core.tests.factories import DepartmentFactory
from cityhall.opendata.models import Dataset, Resource, ResourceFormat
from cityhall.opendata.services.datasets import dataset_create, dataset_publish
from cityhall.opendata.services.resources import resource_create

_names = itertools.count(1)


def dataset_make(*, published: bool = True, **kwargs: Any) -> Dataset:
    """A dataset (published unless told otherwise) owned by a new division."""
    number = next(_names)
    kwargs.setdefault("name", f"dataset-{number}")
    kwargs.setdefault("title", f"データセット{number}")
    if "organisation" not in kwargs:
        kwargs["organisation"] = DepartmentFactory(
            name="防災課", code=f"bousai-{number}"
        )
    dataset = dataset_create(**kwargs)
    if published:
        dataset = dataset_publish(dataset=dataset)
    return dataset


def resource_make(
    *, dataset: Dataset | None = None, format: str = ResourceFormat.CSV, **kwargs: Any
) -> Resource:
    kwargs.setdefault("name", "一覧")
    return resource_create(dataset=dataset or dataset_make(), format=format, **kwargs)


#: 公衆無線LANアクセスポイント一覧 in the current standard layout.
WIFI_HEADER = [
    "全国地方公共団体コード",
    "ID",
    "地方公共団体名",
    "名称",
    "名称_カナ",
    "名称_英字",
    "住所",
    "方書",
    "緯度",
    "経度",
    "設置者",
    "電話番号",
    "内線番号",
    "SSID",
    "URL",
    "備考",
]
#: The same in the older 推奨データセット layout.
WIFI_LEGACY_HEADER = [
    "都道府県コード又は市区町村コード",
    "NO",
    "都道府県名",
    "市区町村名",
    "名称",
    "名称_カナ",
    "名称_英語",
    "住所",
    "方書",
    "緯度",
    "経度",
    "設置者",
    "電話番号",
    "内線番号",
    "SSID",
    "URL",
    "備考",
]

WIFI_ROWS = [
    (
        "092100",
        "1",
        "栃木県",
        "大田原市",
        "大田原市役所",
        "オオタワラシヤクショ",
        "Ohtawara City Hall",
        "栃木県大田原市本町1-4-1",
        "",
        "36.87145",
        "140.01558",
        "大田原市",
        "0287-23-1111",
        "",
        "Ohtawara_Free_Wi-Fi",
        "",
        "1階ロビー",
    ),
    (
        "092100",
        "2",
        "栃木県",
        "大田原市",
        "那須与一伝承館",
        "ナスノヨイチデンショウカン",
        "Nasu no Yoichi Denshokan",
        "栃木県大田原市南金丸1584-7",
        "",
        "36.85120",
        "140.03650",
        "大田原市",
        "0287-20-0220",
        "",
        "Ohtawara_Free_Wi-Fi",
        "",
        "髙橋記念室",
    ),
]


def csv_bytes(
    header: list[str], rows: list[tuple[str, ...]], *, encoding: str
) -> bytes:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(encoding)


def wifi_legacy_csv(*, encoding: str = "cp932") -> bytes:
    return csv_bytes(WIFI_LEGACY_HEADER, WIFI_ROWS, encoding=encoding)


def wifi_csv(*, encoding: str = "utf-8") -> bytes:
    rows = [(r[0], r[1], r[2] + r[3], *r[4:]) for r in WIFI_ROWS]
    return csv_bytes(WIFI_HEADER, rows, encoding=encoding)
