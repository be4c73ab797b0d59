"""Demo organisation: the municipality profile, its districts and departments.

Ohtawara City (大田原市, Tochigi) is the reference customer; every figure here is
demo data that an installation replaces with its own. Contact numbers and e-mail
addresses are deliberately fictitious so that nobody rings the real city hall.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from cityhall.core.models import Department, District, Municipality

MUNICIPALITY = {
    "local_government_code": "092100",
    "name": "大田原市",
    "name_kana": "おおたわらし",
    "name_translations": {
        "en": "Ohtawara City",
        "zh-hans": "大田原市",
        "ko": "오타와라시",
        "vi": "Thành phố Ohtawara",
        "tl": "Lungsod ng Ohtawara",
        "pt-br": "Cidade de Ohtawara",
    },
    "prefecture": "栃木県",
    "postal_code": "324-8641",
    "address": "栃木県大田原市本町1-4-1",
    "phone": "0287-23-1111",
    "email": "info@demo.cityhall.jp",
    "website_url": "",
    "opening_hours": "平日 8:30〜17:15（土・日・祝日・年末年始を除く）",
    "opening_hours_translations": {
        "en": "Weekdays 8:30–17:15 (closed on weekends, public holidays "
        "and over the New Year)",
        "zh-hans": "工作日 8:30～17:15（周六、周日、节假日及年末年初除外）",
        "ko": "평일 8:30~17:15 (토·일요일, 공휴일, 연말연시 제외)",
        "vi": "Ngày thường 8:30–17:15 (nghỉ thứ Bảy, Chủ nhật, ngày lễ và dịp năm mới)",
        "tl": "Lunes hanggang Biyernes 8:30–17:15 (sarado tuwing Sabado, Linggo, "
        "pista opisyal at Bagong Taon)",
        "pt-br": "Dias úteis 8:30–17:15 (fechado aos sábados, domingos, feriados "
        "e no Ano-Novo)",
    },
    "enabled_languages": ["ja", "en", "zh-hans", "ko", "vi", "tl", "pt-br"],
    "population": 72000,
}

#: (code, name, kana, en, zh-hans, ko)
DISTRICTS = [
    ("ohtawara", "大田原", "おおたわら", "Ohtawara", "大田原", "오타와라"),
    ("kaneda", "金田", "かねだ", "Kaneda", "金田", "가네다"),
    ("chikasono", "親園", "ちかその", "Chikasono", "亲园", "지카소노"),
    ("nozaki", "野崎", "のざき", "Nozaki", "野崎", "노자키"),
    ("sakuyama", "佐久山", "さくやま", "Sakuyama", "佐久山", "사쿠야마"),
    ("yuzukami", "湯津上", "ゆづかみ", "Yuzukami", "汤津上", "유즈카미"),
    ("kurobane", "黒羽", "くろばね", "Kurobane", "黑羽", "구로바네"),
    ("kawanishi", "川西", "かわにし", "Kawanishi", "川西", "가와니시"),
]


@dataclass(frozen=True)
class DemoDepartment:
    code: str
    name: str
    kana: str
    en: str
    zh: str
    ko: str
    phone: str = ""
    location: str = ""
    location_en: str = ""
    children: list[DemoDepartment] = field(default_factory=list)


def _floor(floor: int) -> tuple[str, str]:
    return f"本庁舎{floor}階", f"City Hall main building, floor {floor}"


def _division(code, name, kana, en, zh, ko, phone, floor) -> DemoDepartment:
    location, location_en = _floor(floor)
    return DemoDepartment(code, name, kana, en, zh, ko, phone, location, location_en)


#: 部 → 課. Numbers are in the fictitious 0287-23-8xxx range.
DEPARTMENTS: list[DemoDepartment] = [
    DemoDepartment(
        "sogo-seisaku", "総合政策部", "そうごうせいさくぶ",
        "Policy Planning Department", "综合政策部", "종합정책부",
        children=[
            _division("seisaku-suishin", "政策推進課", "せいさくすいしんか",
                      "Policy Promotion Division", "政策推进课", "정책추진과",
                      "0287-23-8701", 3),
            _division("joho-seisaku", "情報政策課", "じょうほうせいさくか",
                      "Information Policy Division", "信息政策课", "정보정책과",
                      "0287-23-8702", 3),
        ],
    ),
    DemoDepartment(
        "somu", "総務部", "そうむぶ",
        "General Affairs Department", "总务部", "총무부",
        children=[
            _division("somu-ka", "総務課", "そうむか",
                      "General Affairs Division", "总务课", "총무과",
                      "0287-23-8711", 3),
            _division("zeimu", "税務課", "ぜいむか",
                      "Taxation Division", "税务课", "세무과",
                      "0287-23-8712", 1),
            _division("kiki-kanri", "危機管理課", "ききかんりか",
                      "Crisis Management Division", "危机管理课", "위기관리과",
                      "0287-23-8713", 3),
        ],
    ),
    DemoDepartment(
        "shimin-seikatsu", "市民生活部", "しみんせいかつぶ",
        "Citizens' Life Department", "市民生活部", "시민생활부",
        children=[
            _division("shimin", "市民課", "しみんか",
                      "Citizens Division", "市民课", "시민과",
                      "0287-23-8721", 1),
            _division("hoken-nenkin", "保険年金課", "ほけんねんきんか",
                      "Health Insurance and Pension Division", "保险年金课",
                      "보험연금과", "0287-23-8722", 1),
            _division("seikatsu-kankyo", "生活環境課", "せいかつかんきょうか",
                      "Living Environment Division", "生活环境课", "생활환경과",
                      "0287-23-8723", 2),
        ],
    ),
    DemoDepartment(
        "hoken-fukushi", "保健福祉部", "ほけんふくしぶ",
        "Health and Welfare Department", "保健福利部", "보건복지부",
        children=[
            _division("fukushi", "福祉課", "ふくしか",
                      "Welfare Division", "福利课", "복지과",
                      "0287-23-8731", 1),
            _division("kenko-seisaku", "健康政策課", "けんこうせいさくか",
                      "Health Policy Division", "健康政策课", "건강정책과",
                      "0287-23-8732", 2),
            _division("kodomo-kofuku", "子ども幸福課", "こどもこうふくか",
                      "Children's Wellbeing Division", "儿童幸福课", "아동행복과",
                      "0287-23-8733", 1),
        ],
    ),
    DemoDepartment(
        "sangyo-shinko", "産業振興部", "さんぎょうしんこうぶ",
        "Industry Promotion Department", "产业振兴部", "산업진흥부",
        children=[
            _division("nosei", "農政課", "のうせいか",
                      "Agricultural Policy Division", "农政课", "농정과",
                      "0287-23-8741", 4),
            _division("shoko-kanko", "商工観光課", "しょうこうかんこうか",
                      "Commerce, Industry and Tourism Division", "商工观光课",
                      "상공관광과", "0287-23-8742", 4),
        ],
    ),
    DemoDepartment(
        "kensetsu", "建設部", "けんせつぶ",
        "Construction Department", "建设部", "건설부",
        children=[
            _division("toshi-keikaku", "都市計画課", "としけいかくか",
                      "Urban Planning Division", "城市规划课", "도시계획과",
                      "0287-23-8751", 4),
        ],
    ),
    DemoDepartment(
        "kyoiku", "教育部", "きょういくぶ",
        "Education Department", "教育部", "교육부",
        children=[
            _division("gakko-kyoiku", "学校教育課", "がっこうきょういくか",
                      "School Education Division", "学校教育课", "학교교육과",
                      "0287-23-8761", 5),
        ],
    ),
    # 会計管理者 heads the accounts independently of the mayor's departments.
    DemoDepartment(
        "kaikei-kanri", "会計管理者", "かいけいかんりしゃ",
        "Chief Accountant", "会计管理者", "회계관리자",
        children=[
            _division("kaikei", "会計課", "かいけいか",
                      "Accounting Division", "会计课", "회계과",
                      "0287-23-8771", 1),
        ],
    ),
]  # fmt: skip

_LOCATION_TRANSLATIONS = {
    "zh-hans": "市政府本楼{floor}层",
    "ko": "시청 본관 {floor}층",
}


def divisions() -> list[DemoDepartment]:
    """Every 課 of the demo organisation, in display order."""
    return [child for parent in DEPARTMENTS for child in parent.children]


def _translations(item) -> dict[str, str]:
    return {"en": item.en, "zh-hans": item.zh, "ko": item.ko}


def municipality_create() -> Municipality:
    """Create the demo municipality's profile."""
    return Municipality.objects.create(**MUNICIPALITY)


@transaction.atomic
def organisation_create(*, municipality: Municipality) -> None:
    """Create the municipality's districts and its 部・課 (demo data)."""
    District.objects.bulk_create(
        District(
            municipality=municipality,
            code=code,
            name=name,
            name_kana=kana,
            name_translations={
                "en": en,
                "zh-hans": zh,
                "ko": ko,
                # Place names are romanised the same way in these languages.
                **{language: en for language in ("vi", "tl", "pt-br")},
            },
            sort_order=position,
        )
        for position, (code, name, kana, en, zh, ko) in enumerate(DISTRICTS, start=1)
    )
    position = 0
    for parent_data in DEPARTMENTS:
        position += 1
        parent = Department.objects.create(
            municipality=municipality,
            code=parent_data.code,
            name=parent_data.name,
            name_kana=parent_data.kana,
            name_translations=_translations(parent_data),
            sort_order=position,
        )
        for child in parent_data.children:
            position += 1
            floor = "".join(ch for ch in child.location if ch.isdigit())
            Department.objects.create(
                municipality=municipality,
                parent=parent,
                code=child.code,
                name=child.name,
                name_kana=child.kana,
                name_translations=_translations(child),
                phone=child.phone,
                fax=child.phone[:-4] + "9" + child.phone[-3:],
                email=f"{child.code}@demo.cityhall.jp",
                location=child.location,
                location_translations={
                    "en": child.location_en,
                    **{
                        language: pattern.format(floor=floor)
                        for language, pattern in _LOCATION_TRANSLATIONS.items()
                    },
                },
                sort_order=position,
            )
