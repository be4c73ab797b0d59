"""Demo map data: the municipality's outline and its districts' points.

The outline is a file named after the municipality's 全国地方公共団体コード in
``cityhall/gis/data/`` (for the demo city, 092100: Ohtawara's boundary from 国土数値
情報, simplified). The districts' representative points and the town areas (町域)
in each are demo figures; an installation loads its own.
"""

from __future__ import annotations

import json
from pathlib import Path

from cityhall.core.models import Municipality
from cityhall.gis.services.outline import district_location_set, outline_set

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Source credit the 国土数値情報 licence asks for on anything drawn from it.
OUTLINE_ATTRIBUTION = "出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成"

#: district code → (latitude, longitude, town areas (町域) in the district).
DISTRICT_LOCATIONS: dict[str, tuple[float, float, list[str]]] = {
    "ohtawara": (
        36.8714,
        140.0158,
        [
            "本町",
            "末広",
            "浅香",
            "山の手",
            "城山",
            "元町",
            "若松町",
            "新富町",
            "中央",
            "住吉町",
            "紫塚",
            "美原",
            "若草",
            "花園",
            "富士見",
            "中田原",
            "町島",
            "今泉",
            "岡",
            "戸野内",
            "荒井",
        ],
    ),
    "kaneda": (
        36.8850,
        140.0560,
        [
            "北金丸",
            "南金丸",
            "鹿畑",
            "倉骨",
            "赤瀬",
            "北大和久",
            "奥沢",
            "上奥沢",
            "市野沢",
            "富池",
            "小滝",
            "乙連沢",
            "練貫",
            "羽田",
        ],
    ),
    "chikasono": (36.8330, 140.0050, ["親園", "実取", "加治屋", "宇田川", "荻野目"]),
    "nozaki": (36.8500, 139.9550, ["野崎", "薄葉", "下石上", "上石上", "平沢", "滝沢"]),
    "sakuyama": (36.8000, 140.0200, ["佐久山", "福原", "大神", "藤沢", "滝岡"]),
    "yuzukami": (
        36.8030,
        140.1350,
        [
            "湯津上",
            "佐良土",
            "狭原",
            "小船渡",
            "中の原",
            "蛭畑",
            "蛭田",
            "新宿",
            "片府田",
            "品川",
        ],
    ),
    "kurobane": (
        36.8690,
        140.1190,
        [
            "黒羽田町",
            "黒羽向町",
            "前田",
            "堀之内",
            "大輪",
            "大豆田",
            "余瀬",
            "蜂巣",
            "桧木沢",
            "寒井",
            "北野上",
            "八塩",
            "亀久",
            "矢倉",
            "片田",
            "北滝",
            "川田",
            "河原",
        ],
    ),
    "kawanishi": (
        36.9300,
        140.1600,
        [
            "両郷",
            "木佐美",
            "寺宿",
            "大久保",
            "久野又",
            "中野内",
            "須賀川",
            "須佐木",
            "雲岩寺",
            "川上",
            "南方",
        ],
    ),
}


def demo_seed(*, municipality: Municipality) -> None:
    """Load the outline file of the municipality (when there is one) and the
    demo districts' points."""
    outline_file = DATA_DIR / f"{municipality.local_government_code}-boundary.geojson"
    if outline_file.exists():
        outline_set(
            municipality=municipality,
            geojson=json.loads(outline_file.read_text(encoding="utf-8")),
            attribution=OUTLINE_ATTRIBUTION,
        )
    for district in municipality.districts.all():
        if district.code in DISTRICT_LOCATIONS:
            latitude, longitude, names = DISTRICT_LOCATIONS[district.code]
            district_location_set(
                district=district,
                latitude=latitude,
                longitude=longitude,
                place_names=names,
            )
