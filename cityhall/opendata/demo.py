"""Demo open data for Ohtawara City: standard datasets and a large table.

Every dataset goes through the same upload, validation and datastore load as a
staff upload. Names, phone numbers and coordinates are demo data (phone
numbers fictitious, 0287-00-xxxx); coordinates lie inside the city outline.

* 指定緊急避難場所一覧: three shelters per district;
* 公共施設一覧, AED設置箇所一覧, 観光施設一覧, イベント一覧, 子育て施設一覧,
  医療機関一覧 in the current standard layout;
* 公衆無線LANアクセスポイント一覧 as a Shift_JIS file in the older
  推奨データセット layout (``demo_data/wifi-legacy-sjis.csv``);
* 町丁目別年齢別人口: 200 町丁目 × ages 0–100 × 5 survey dates = 101,000 rows,
  generated deterministically. ``CITYHALL_OPENDATA_DEMO_POPULATION_DATES``
  sets how many survey dates (1 → 20,200 rows) for quicker seeds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path
from typing import Any

from django.conf import settings

from cityhall.core.models import Department, District, Municipality
from cityhall.opendata.models import Group, ResourceFormat, UpdateFrequency
from cityhall.opendata.services.datasets import (
    dataset_create,
    dataset_publish,
    group_create,
)
from cityhall.opendata.services.generators import generated_datasets_refresh
from cityhall.opendata.services.resources import resource_create, resource_upload
from cityhall.opendata.table_schemas import table_schema_get

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
CODE = "092100"
CITY = "大田原市"
CITY_BBOX = [139.92, 36.76, 140.27, 36.95]

GROUPS = [
    (
        "disaster",
        "防災",
        {"en": "Disaster prevention", "zh-hans": "防灾", "ko": "방재"},
    ),
    ("tourism", "観光", {"en": "Tourism", "zh-hans": "旅游", "ko": "관광"}),
    (
        "facilities",
        "公共施設",
        {"en": "Public facilities", "zh-hans": "公共设施", "ko": "공공시설"},
    ),
    (
        "health-childcare",
        "健康・子育て",
        {"en": "Health and childcare", "zh-hans": "健康・育儿", "ko": "건강・육아"},
    ),
    ("statistics", "統計", {"en": "Statistics", "zh-hans": "统计", "ko": "통계"}),
]

#: District code → (longitude, latitude) of a point near its centre, inside the city.
DISTRICT_CENTRES = {
    "ohtawara": (140.018, 36.871),
    "kaneda": (140.070, 36.850),
    "chikasono": (139.990, 36.830),
    "nozaki": (140.030, 36.895),
    "sakuyama": (140.000, 36.810),
    "yuzukami": (140.140, 36.820),
    "kurobane": (140.120, 36.880),
    "kawanishi": (140.190, 36.920),
}
#: Offsets (degrees) of the three shelters around a district centre.
SHELTER_OFFSETS = [(0.0, 0.0), (0.006, 0.004), (-0.005, -0.004)]


def _point(district: str, index: int = 0, spread: float = 1.0) -> tuple[float, float]:
    lon, lat = DISTRICT_CENTRES[district]
    d_lon, d_lat = SHELTER_OFFSETS[index % len(SHELTER_OFFSETS)]
    return round(lon + d_lon * spread, 5), round(lat + d_lat * spread, 5)


def _base(number: int) -> dict[str, Any]:
    return {
        "全国地方公共団体コード": CODE,
        "ID": f"{number:03d}",
        "地方公共団体名": CITY,
    }


def _csv(schema_key: str, rows: list[dict[str, Any]]) -> bytes:
    schema = table_schema_get(schema_key)
    assert schema is not None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(schema.field_names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in schema.field_names])
    return buffer.getvalue().encode("utf-8")


def _phone(number: int) -> str:
    return f"0287-00-{number:04d}"


# -- rows -------------------------------------------------------------------

SHELTER_KINDS = [
    ("小学校", "しょうがっこう", "Elementary School"),
    ("公民館", "こうみんかん", "Community Centre"),
    ("運動公園", "うんどうこうえん", "Sports Park"),
]


def shelter_rows(districts: list[District]) -> list[dict[str, Any]]:
    rows = []
    number = 0
    for district in districts:
        for index, (kind, kana, english) in enumerate(SHELTER_KINDS):
            number += 1
            lon, lat = _point(district.code, index)
            outdoor = kind == "運動公園"
            rows.append(
                {
                    **_base(number),
                    "名称": f"{district.name}{kind}",
                    "名称_カナ": f"{district.name_kana}{kana}",
                    "名称_英字": f"{district.display_name('en')} {english}",
                    "住所": f"栃木県大田原市{district.name}{100 + number}",
                    "緯度": lat,
                    "経度": lon,
                    "標高": 150 + number * 3,
                    "電話番号": _phone(100 + number),
                    "災害種別_洪水": "" if outdoor else "1",
                    "災害種別_崖崩れ、土石流及び地滑り": "1",
                    "災害種別_地震": "1",
                    "災害種別_大規模な火事": "1" if outdoor else "",
                    "災害種別_内水氾濫": "" if outdoor else "1",
                    "指定避難所との住所同一": "" if outdoor else "1",
                    "備考": f"{district.name}地区の指定緊急避難場所",
                }
            )
    return rows


FACILITIES = [
    (
        "大田原市役所",
        "おおたわらしやくしょ",
        "Ohtawara City Hall",
        "ohtawara",
        0,
        "本町1-4-1",
        "月～金",
        "08:30",
        "17:15",
    ),
    (
        "大田原市立図書館",
        "おおたわらしりつとしょかん",
        "Ohtawara City Library",
        "ohtawara",
        1,
        "浅香3-3-1",
        "火～日",
        "09:00",
        "19:00",
    ),
    (
        "大田原市総合文化会館",
        "おおたわらしそうごうぶんかかいかん",
        "Ohtawara Cultural Hall",
        "ohtawara",
        2,
        "本町1-3-1",
        "火～日",
        "09:00",
        "22:00",
    ),
    (
        "金田北地区公民館",
        "かねだきたちくこうみんかん",
        "Kaneda-kita Community Centre",
        "kaneda",
        1,
        "北金丸",
        "火～日",
        "09:00",
        "21:00",
    ),
    (
        "親園地区公民館",
        "ちかそのちくこうみんかん",
        "Chikasono Community Centre",
        "chikasono",
        1,
        "親園",
        "火～日",
        "09:00",
        "21:00",
    ),
    (
        "野崎地区公民館",
        "のざきちくこうみんかん",
        "Nozaki Community Centre",
        "nozaki",
        1,
        "薄葉",
        "火～日",
        "09:00",
        "21:00",
    ),
    (
        "佐久山地区公民館",
        "さくやまちくこうみんかん",
        "Sakuyama Community Centre",
        "sakuyama",
        1,
        "佐久山",
        "火～日",
        "09:00",
        "21:00",
    ),
    (
        "湯津上支所",
        "ゆづかみししょ",
        "Yuzukami Branch Office",
        "yuzukami",
        1,
        "湯津上",
        "月～金",
        "08:30",
        "17:15",
    ),
    (
        "黒羽支所",
        "くろばねししょ",
        "Kurobane Branch Office",
        "kurobane",
        1,
        "黒羽田町",
        "月～金",
        "08:30",
        "17:15",
    ),
    (
        "川西地区公民館",
        "かわにしちくこうみんかん",
        "Kawanishi Community Centre",
        "kawanishi",
        1,
        "須佐木",
        "火～日",
        "09:00",
        "21:00",
    ),
    (
        "大田原市美原公園体育館",
        "おおたわらしみはらこうえんたいいくかん",
        "Mihara Park Gymnasium",
        "ohtawara",
        2,
        "美原3",
        "火～日",
        "09:00",
        "21:00",
    ),
    (
        "黒羽体育館",
        "くろばねたいいくかん",
        "Kurobane Gymnasium",
        "kurobane",
        2,
        "前田",
        "火～日",
        "09:00",
        "21:00",
    ),
]


def facility_rows() -> list[dict[str, Any]]:
    rows = []
    for number, (
        name,
        kana,
        english,
        district,
        spot,
        address,
        days,
        start,
        end,
    ) in enumerate(FACILITIES, start=1):
        lon, lat = _point(district, spot, spread=0.6)
        rows.append(
            {
                **_base(number),
                "名称": name,
                "名称_カナ": kana,
                "名称_英字": english,
                "住所": f"栃木県大田原市{address}",
                "緯度": lat,
                "経度": lon,
                "電話番号": _phone(200 + number),
                "利用可能曜日": days,
                "開始時間": start,
                "終了時間": end,
                "利用可能日時特記事項": "祝日・年末年始を除く",
                "バリアフリー情報": "車いす用トイレあり、スロープあり",
            }
        )
    return rows


def aed_rows() -> list[dict[str, Any]]:
    rows = []
    for number, facility in enumerate(facility_rows(), start=1):
        rows.append(
            {
                **_base(number),
                "名称": facility["名称"],
                "名称_カナ": facility["名称_カナ"],
                "名称_英字": facility["名称_英字"],
                "住所": facility["住所"],
                "緯度": facility["緯度"],
                "経度": facility["経度"],
                "設置位置": "1階正面玄関ホール" if number % 2 else "1階事務室前",
                "電話番号": facility["電話番号"],
                "利用可能曜日": facility["利用可能曜日"],
                "開始時間": facility["開始時間"],
                "終了時間": facility["終了時間"],
                "小児対応設備の有無": "有" if number % 3 else "無",
            }
        )
    return rows


TOURIST_SITES = [
    (
        "那須与一伝承館",
        "なすのよいちでんしょうかん",
        "Nasu no Yoichi Denshokan Museum",
        "博物館",
        "kaneda",
        0,
        "一般500円",
    ),
    ("雲巌寺", "うんがんじ", "Ungan-ji Temple", "寺社", "kurobane", 2, "無料"),
    (
        "黒羽城址公園",
        "くろばねじょうしこうえん",
        "Kurobane Castle Ruins Park",
        "公園",
        "kurobane",
        0,
        "無料",
    ),
    (
        "龍城公園（大田原城跡）",
        "りゅうじょうこうえん",
        "Ryujo Park (Ohtawara Castle Ruins)",
        "公園",
        "ohtawara",
        1,
        "無料",
    ),
    ("那須神社", "なすじんじゃ", "Nasu Shrine", "寺社", "kaneda", 1, "無料"),
    (
        "芭蕉の館",
        "ばしょうのやかた",
        "Basho Museum",
        "博物館",
        "kurobane",
        1,
        "一般300円",
    ),
    (
        "侍塚古墳",
        "さむらいづかこふん",
        "Samuraizuka Burial Mounds",
        "史跡",
        "yuzukami",
        0,
        "無料",
    ),
    (
        "なす風土記の丘湯津上資料館",
        "なすふどきのおかゆづかみしりょうかん",
        "Yuzukami Archaeological Museum",
        "博物館",
        "yuzukami",
        1,
        "一般100円",
    ),
    (
        "道の駅 那須与一の郷",
        "みちのえき なすのよいちのさと",
        "Roadside Station Nasu no Yoichi no Sato",
        "物産",
        "kaneda",
        2,
        "無料",
    ),
    ("御亭山", "おちんやま", "Mount Ochin", "自然", "kawanishi", 0, "無料"),
]


def tourist_rows() -> list[dict[str, Any]]:
    rows = []
    for number, (name, kana, english, kind, district, spot, fee) in enumerate(
        TOURIST_SITES, 1
    ):
        lon, lat = _point(district, spot, spread=0.8)
        rows.append(
            {
                **_base(number),
                "名称": name,
                "名称_カナ": kana,
                "名称_英字": english,
                "分類": kind,
                "住所": f"栃木県大田原市{District.objects.get(code=district).name}",
                "緯度": lat,
                "経度": lon,
                "電話番号": _phone(300 + number),
                "料金（基本）": fee,
                "説明": f"{name}は大田原市の{kind}です。",
                "説明_英字": f"{english} in Ohtawara.",
                "駐車場情報": "無料駐車場あり",
            }
        )
    return rows


def event_rows(today: dt.date) -> list[dict[str, Any]]:
    year = today.year
    events = [
        (
            "与一まつり",
            "よいちまつり",
            "Yoichi Festival",
            dt.date(year, 10, 3),
            "ohtawara",
            0,
            0,
        ),
        (
            "くろばね紫陽花まつり",
            "くろばねあじさいまつり",
            "Kurobane Hydrangea Festival",
            dt.date(year, 6, 20),
            "kurobane",
            0,
            0,
        ),
        (
            "大田原屋台まつり",
            "おおたわらやたいまつり",
            "Ohtawara Float Festival",
            dt.date(year, 4, 11),
            "ohtawara",
            2,
            0,
        ),
        (
            "湯津上 古墳ウォーク",
            "ゆづかみこふんうぉーく",
            "Yuzukami Burial Mound Walk",
            dt.date(year, 11, 14),
            "yuzukami",
            0,
            40,
        ),
        (
            "市民ボランティア清掃デー",
            "しみんぼらんてぃあせいそうでー",
            "Volunteer Clean-up Day",
            dt.date(year, 5, 30),
            "nozaki",
            0,
            100,
        ),
        (
            "子育て応援フェスタ",
            "こそだておうえんふぇすた",
            "Childcare Support Fair",
            dt.date(year, 9, 12),
            "chikasono",
            1,
            200,
        ),
    ]
    rows = []
    for number, (name, kana, english, day, district, spot, capacity) in enumerate(
        events, 1
    ):
        lon, lat = _point(district, spot, spread=0.5)
        rows.append(
            {
                **_base(number),
                "イベント名": name,
                "イベント名_カナ": kana,
                "イベント名_英字": english,
                "開始日": day.isoformat(),
                "終了日": (
                    day + dt.timedelta(days=1 if number <= 3 else 0)
                ).isoformat(),
                "開始時間": "10:00",
                "終了時間": "16:00",
                "説明": f"{name}を開催します。",
                "料金（基本）": "無料",
                "連絡先名称": "商工観光課",
                "連絡先電話番号": _phone(400 + number),
                "主催者": "大田原市",
                "場所名称": f"{District.objects.get(code=district).name}地区",
                "緯度": lat,
                "経度": lon,
                "定員": capacity or "",
            }
        )
    return rows


def childcare_rows() -> list[dict[str, Any]]:
    kinds = [
        ("保育園", "ほいくえん", "認可保育所", 90, "0歳～5歳"),
        (
            "子育て支援センター",
            "こそだてしえんせんたー",
            "地域子育て支援拠点",
            30,
            "0歳～3歳",
        ),
    ]
    rows = []
    number = 0
    for district in ("ohtawara", "kaneda", "chikasono", "kurobane"):
        name = District.objects.get(code=district)
        for index, (kind, kana, category, capacity, ages) in enumerate(kinds):
            number += 1
            lon, lat = _point(district, index + 1, spread=0.4)
            rows.append(
                {
                    **_base(number),
                    "名称": f"{name.name}{kind}",
                    "名称_カナ": f"{name.name_kana}{kana}",
                    "種別": category,
                    "住所": f"栃木県大田原市{name.name}",
                    "緯度": lat,
                    "経度": lon,
                    "電話番号": _phone(500 + number),
                    "利用可能曜日": "月～土",
                    "開始時間": "07:00",
                    "終了時間": "19:00",
                    "収容定員": capacity,
                    "受入年齢": ages,
                }
            )
    return rows


def medical_rows() -> list[dict[str, Any]]:
    clinics = [
        ("大田原中央病院", "病院", "内科;外科;小児科;整形外科", 199, "ohtawara"),
        ("金田内科クリニック", "診療所", "内科", 0, "kaneda"),
        ("親園こどもクリニック", "診療所", "小児科", 0, "chikasono"),
        ("黒羽診療所", "診療所", "内科;外科", 19, "kurobane"),
        ("湯津上歯科医院", "歯科診療所", "歯科", 0, "yuzukami"),
    ]
    rows = []
    for number, (name, kind, departments, beds, district) in enumerate(clinics, 1):
        lon, lat = _point(district, 2, spread=0.3)
        rows.append(
            {
                **_base(number),
                "名称": name,
                "医療機関の種類": kind,
                "住所": f"栃木県大田原市{District.objects.get(code=district).name}",
                "緯度": lat,
                "経度": lon,
                "電話番号": _phone(600 + number),
                "診療科目": departments,
                "診療日": "月～金・土（午前）",
                "診療開始時間": "09:00",
                "診療終了時間": "18:00",
                "時間外における対応": "救急は大田原中央病院"
                if number > 1
                else "24時間救急対応",
                "病床数": beds,
            }
        )
    return rows


# -- the large table ----------------------------------------------------------

AREA_STEMS = {
    "ohtawara": [
        "本町",
        "中央",
        "山の手",
        "新富町",
        "住吉町",
        "城山",
        "元町",
        "美原",
        "紫塚",
        "末広",
        "浅香",
        "若草",
        "富士見",
        "加治屋",
        "下石上",
    ],
    "kaneda": ["北金丸", "南金丸", "中田原", "富池", "荒井", "実取"],
    "chikasono": ["親園", "宇田川", "市野沢", "滝岡"],
    "nozaki": ["薄葉", "野崎", "上石上", "下石上", "宇田川"],
    "sakuyama": ["佐久山", "福原", "岩井", "大神"],
    "yuzukami": ["湯津上", "佐良土", "狭原", "片府田"],
    "kurobane": ["黒羽田町", "黒羽向町", "前田", "寒井", "八塩", "大輪"],
    "kawanishi": ["須佐木", "須賀川", "両郷", "南方"],
}


def population_areas() -> list[tuple[str, str]]:
    """200 町丁目 (code, name): stems of each district numbered 1–n 丁目/番地区."""
    areas: list[tuple[str, str]] = []
    stems = [(d, s) for d, names in AREA_STEMS.items() for s in names]
    number = 0
    while len(areas) < 200:
        for _district, stem in stems:
            if len(areas) >= 200:
                break
            number += 1
            chome = sum(1 for _c, n in areas if n.startswith(stem)) + 1
            areas.append((f"{CODE}{number:04d}", f"{stem}{chome}丁目"))
    return areas


def population_csv(*, dates: int) -> bytes:
    """町丁目別年齢別人口 as UTF-8 CSV, the same bytes for the same ``dates``."""
    rng = random.Random(92100)  # noqa: S311 (demo figures, not secrets)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    schema = table_schema_get("population-by-area-age")
    assert schema is not None
    writer.writerow(schema.field_names)
    survey_dates = [dt.date(2026 - i, 4, 1).isoformat() for i in range(dates)][::-1]
    areas = population_areas()
    base = {code: rng.randint(120, 900) for code, _name in areas}
    for survey in survey_dates:
        for code, name in areas:
            size = base[code]
            for age in range(101):
                # A rural age pyramid: fewer children, most people 45–75.
                weight = 0.6 + 0.9 * max(0.0, 1 - abs(age - 62) / 45)
                expected = size * weight / 101
                male = int(expected * (0.6 + 0.8 * rng.random()))
                female = int(
                    expected * (1.1 if age > 70 else 1.0) * (0.6 + 0.8 * rng.random())
                )
                writer.writerow(
                    [CODE, CITY, survey, code, name, age, male, female, male + female]
                )
    return buffer.getvalue().encode("utf-8")


# -- seeding -------------------------------------------------------------------


def _publish(
    *,
    name: str,
    title: str,
    title_en: str,
    notes: str,
    department: str,
    groups: list[Group],
    tags: list[str],
    schema_key: str,
    data: bytes,
    filename: str,
    frequency: str = UpdateFrequency.IRREGULAR,
    temporal: tuple[dt.date, dt.date] | None = None,
) -> None:
    organisation = Department.objects.filter(code=department).first()
    dataset = dataset_create(
        name=name,
        title=title,
        title_translations={"en": title_en},
        notes=notes,
        organisation=organisation,
        tags=tags,
        groups=groups,
        schema_key=schema_key,
        update_frequency=frequency,
        contact_name=organisation.name if organisation else "",
        contact_email=organisation.email if organisation and organisation.email else "",
        contact_phone=organisation.phone if organisation else "",
        spatial=CITY,
        spatial_bbox=CITY_BBOX,
        temporal_start=temporal[0] if temporal else None,
        temporal_end=temporal[1] if temporal else None,
    )
    resource = resource_create(
        dataset=dataset,
        name=title,
        name_translations={"en": title_en},
        format=ResourceFormat.CSV,
        schema_key=schema_key,
    )
    version = resource_upload(resource=resource, data=data, filename=filename)
    if version.status != "valid":
        raise RuntimeError(
            f"demo dataset {name} did not validate: {version.report['errors'][:3]}"
        )
    dataset_publish(dataset=dataset)


def demo_seed(*, municipality: Municipality) -> None:
    """Seed Ohtawara's open data (see the module docstring)."""
    groups = {
        code: group_create(
            code=code, name=name, name_translations=translations, sort_order=i
        )
        for i, (code, name, translations) in enumerate(GROUPS)
    }
    districts = list(
        District.objects.filter(municipality=municipality).order_by("sort_order")
    )
    today = dt.date.today()
    _publish(
        name="evacuation-sites",
        title="指定緊急避難場所一覧",
        title_en="Designated emergency evacuation sites",
        notes="災害種別ごとに指定した緊急避難場所。各地区3か所。",
        department="kiki-kanri",
        groups=[groups["disaster"]],
        tags=["防災", "避難所"],
        schema_key="evacuation-sites",
        data=_csv("evacuation-sites", shelter_rows(districts)),
        filename="evacuation-sites.csv",
    )
    _publish(
        name="public-facilities",
        title="公共施設一覧",
        title_en="Public facilities",
        notes="市役所、支所、公民館、図書館、体育館など市の公共施設。",
        department="somu-ka",
        groups=[groups["facilities"]],
        tags=["施設"],
        schema_key="public-facilities",
        data=_csv("public-facilities", facility_rows()),
        filename="public-facilities.csv",
    )
    _publish(
        name="aed-locations",
        title="AED設置箇所一覧",
        title_en="AED locations",
        notes="市の公共施設に設置したAED（自動体外式除細動器）。",
        department="kiki-kanri",
        groups=[groups["disaster"], groups["health-childcare"]],
        tags=["防災", "AED", "救急"],
        schema_key="aed-locations",
        data=_csv("aed-locations", aed_rows()),
        filename="aed-locations.csv",
    )
    _publish(
        name="wifi-access-points",
        title="公衆無線LANアクセスポイント一覧",
        title_en="Public Wi-Fi access points",
        notes="無料で使える公衆無線LAN（Wi-Fi）。旧「推奨データセット」形式・Shift_JISで作成した原本。",
        department="joho-seisaku",
        groups=[groups["facilities"], groups["tourism"]],
        tags=["Wi-Fi", "観光"],
        schema_key="wifi-access-points",
        data=(DEMO_DATA / "wifi-legacy-sjis.csv").read_bytes(),
        filename="wifi-legacy-sjis.csv",
    )
    _publish(
        name="tourist-sites",
        title="観光施設一覧",
        title_en="Tourist sites",
        notes="那須与一ゆかりの地、黒羽の史跡など市内の観光施設。",
        department="shoko-kanko",
        groups=[groups["tourism"]],
        tags=["観光"],
        schema_key="tourist-sites",
        data=_csv("tourist-sites", tourist_rows()),
        filename="tourist-sites.csv",
    )
    _publish(
        name="events",
        title="イベント一覧",
        title_en="Events",
        notes="市が主催・共催する今年度のイベント。",
        department="shoko-kanko",
        groups=[groups["tourism"]],
        tags=["イベント", "観光"],
        schema_key="events",
        data=_csv("events", event_rows(today)),
        filename="events.csv",
        frequency=UpdateFrequency.MONTHLY,
    )
    _publish(
        name="childcare-facilities",
        title="子育て施設一覧",
        title_en="Childcare facilities",
        notes="保育園と子育て支援センター。",
        department="kodomo-kofuku",
        groups=[groups["health-childcare"]],
        tags=["子育て"],
        schema_key="childcare-facilities",
        data=_csv("childcare-facilities", childcare_rows()),
        filename="childcare-facilities.csv",
    )
    _publish(
        name="medical-institutions",
        title="医療機関一覧",
        title_en="Medical institutions",
        notes="市内の病院・診療所（デモ用の架空の医療機関）。",
        department="kenko-seisaku",
        groups=[groups["health-childcare"]],
        tags=["医療"],
        schema_key="medical-institutions",
        data=_csv("medical-institutions", medical_rows()),
        filename="medical-institutions.csv",
    )
    dates = settings.CITYHALL_OPENDATA_DEMO_POPULATION_DATES
    _publish(
        name="population-by-area-age",
        title="町丁目別年齢別人口",
        title_en="Population by town area and age",
        notes="住民基本台帳による町丁目別・各歳別の男女別人口（毎年4月1日現在、デモ用の生成データ）。",
        department="shimin",
        groups=[groups["statistics"]],
        tags=["人口", "統計"],
        schema_key="population-by-area-age",
        data=population_csv(dates=dates),
        filename="population-by-area-age.csv",
        frequency=UpdateFrequency.ANNUAL,
        temporal=(dt.date(2027 - dates, 4, 1), dt.date(2026, 4, 1)),
    )
    generated_datasets_refresh()
