# ruff: noqa: E501 - prose data: Japanese sentences read better unbroken
"""Demo notices (Ohtawara City): a current evacuation alert for 黒羽 and 湯津上
(flood of the 那珂川) in Japanese, easy Japanese and English; an earlier alert
that was updated and then cancelled; notices in several categories; the notice
settings (crisis management division, CAP sender, the city outline).

Times are relative to the moment the demo is seeded so the alert is current.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Site

from cityhall.core.models import Department, District, Municipality
from cityhall.gis.selectors import outline_get
from cityhall.notices.demo_subscribers import demo_seed_subscribers
from cityhall.website.models import (
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    NoticeChannel,
    NoticeMessageType,
    NoticeSettings,
    NoticeUrgency,
)
from cityhall.website.services.locales import website_locales_ensure

ALL_CHANNELS = [choice.value for choice in NoticeChannel]


def _outline_ring(municipality: Municipality) -> list[list[float]]:
    """The outer ring ([lon, lat]) of the city outline the gis demo stored
    (国土数値情報 行政区域データ, simplified); empty when there is none."""
    outline = outline_get(municipality=municipality)
    if outline is None:
        return []
    geometry = outline.geometry
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"][0][0]
    return geometry["coordinates"][0]


def _paragraphs(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", "".join(f"<p>{text}</p>" for text in texts))]


FLOOD_ALERT = {
    "slug": "naka-gawa-hinan-shiji",
    "title": "【緊急】那珂川の増水に伴う避難指示（黒羽・湯津上地区）",
    "lead": "那珂川の水位が氾濫危険水位に達する見込みです。黒羽地区と湯津上地区の川沿いにお住まいの方は、直ちに避難してください。",
    "body": _paragraphs(
        "10月16日午後4時30分、市は黒羽地区と湯津上地区の那珂川沿いの区域に避難指示を発令しました。",
        "避難所：黒羽中学校体育館、湯津上小学校体育館、市総合体育館。避難所は午後5時から開設しています。",
        "夜間の避難が危険な場合は、自宅の2階以上など安全な場所に移動してください。",
        "問合せ：危機管理課 電話0287-23-1111",
    ),
    "easy_title": "なかがわの みずが あふれそうです。にげてください",
    "easy_text": "くろばねと ゆづかみの かわの ちかくに すんでいる ひとは、すぐに ひなんじょに にげてください。\nよるで あぶないときは、いえの 2かいに いてください。",
    "event": "洪水",
    "en": {
        "title": "[Emergency] Evacuation order: Naka River rising (Kurobane and Yuzukami)",
        "lead": "The Naka River is expected to reach the flood danger level. If you live near the river in Kurobane or Yuzukami, evacuate now.",
        "body": _paragraphs(
            "At 4:30 p.m. on 16 October the city issued an evacuation order for the areas along the Naka River in Kurobane and Yuzukami.",
            "Shelters: Kurobane Junior High School gym, Yuzukami Elementary School gym, City General Gymnasium. Open from 5 p.m.",
            "If it is dangerous to go out at night, move to the first floor or higher of your home.",
            "Contact: Crisis Management Division, phone 0287-23-1111",
        ),
        "event": "Flood",
    },
}

#: An earlier alert, its update and its cancellation (all published).
EARLIER_CHAIN = [
    {
        "slug": "sabigawa-koreisha-hinan",
        "message_type": NoticeMessageType.ALERT,
        "hours_ago": 80,
        "title": "蛇尾川の増水に伴う高齢者等避難（佐久山地区）",
        "lead": "蛇尾川の水位が上がっています。佐久山地区の川沿いにお住まいの高齢の方などは避難を始めてください。",
        "body": _paragraphs("佐久山公民館を避難所として開設しました。"),
    },
    {
        "slug": "sabigawa-hinan-shiji",
        "message_type": NoticeMessageType.UPDATE,
        "hours_ago": 77,
        "title": "【更新】蛇尾川の増水に伴う避難指示（佐久山地区）",
        "lead": "蛇尾川の水位がさらに上がったため、佐久山地区の川沿いの区域に避難指示を発令しました。",
        "body": _paragraphs(
            "佐久山公民館と佐久山小学校体育館を避難所として開設しています。"
        ),
    },
    {
        "slug": "sabigawa-hinan-kaijo",
        "message_type": NoticeMessageType.CANCEL,
        "hours_ago": 66,
        "title": "【解除】佐久山地区の避難指示を解除しました",
        "lead": "蛇尾川の水位が下がったため、佐久山地区の避難指示を解除しました。",
        "body": _paragraphs(
            "避難所は午前10時に閉鎖しました。ご協力ありがとうございました。"
        ),
    },
]

OTHER_NOTICES = [
    {
        "slug": "fushinsha-joho",
        "category": "bohan",
        "urgency": NoticeUrgency.IMPORTANT,
        "hours_ago": 26,
        "days_valid": 7,
        "department": "kiki-kanri",
        "title": "不審者情報（金田地区）",
        "lead": "下校中の児童に声をかける事案がありました。お子さんの登下校に注意してください。",
        "body": _paragraphs(
            "12月1日午後3時ごろ、金田地区の市道で、下校中の児童が車の男に声をかけられました。"
        ),
        "districts": ["kaneda"],
        "channels": ["email", "line"],
    },
    {
        "slug": "dansui-nozaki",
        "category": "kurashi",
        "urgency": NoticeUrgency.IMPORTANT,
        "hours_ago": 5,
        "days_valid": 2,
        "department": "seikatsu-kankyo",
        "title": "水道管工事に伴う断水のお知らせ（野崎地区）",
        "lead": "水道管の工事のため、野崎地区の一部で断水します。",
        "body": _paragraphs("断水の時間は、午前9時から午後3時までの予定です。"),
        "districts": ["nozaki"],
        "channels": ["email"],
    },
    {
        "slug": "influenza-josei",
        "category": "kenko",
        "urgency": NoticeUrgency.NORMAL,
        "hours_ago": 50,
        "days_valid": None,
        "department": "kenko-seisaku",
        "title": "インフルエンザの予防接種費用を助成します",
        "lead": "65歳以上の方のインフルエンザ予防接種の費用の一部を、市が助成します。",
        "body": _paragraphs("助成額は1回1,500円です。接種期間は1月31日までです。"),
        "districts": [],
        "channels": ["email"],
    },
    {
        "slug": "nyuyoji-kenshin",
        "category": "kosodate",
        "urgency": NoticeUrgency.NORMAL,
        "hours_ago": 30,
        "days_valid": None,
        "department": "kodomo-kofuku",
        "title": "1歳6か月児健康診査の日程",
        "lead": "1歳6か月児健康診査を、保健センターで行います。",
        "body": _paragraphs("対象のお子さんには、個別に通知をお送りしています。"),
        "districts": [],
        "channels": [],
    },
]


def _add(index: NewsIndexPage, *, published_at: dt.datetime, **fields) -> NewsPage:
    categories = fields.pop("categories", [])
    districts = fields.pop("districts", [])
    page = NewsPage(live=False, **fields)
    index.add_child(instance=page)
    page.categories.set(categories)
    page.target_districts.set(districts)
    page.save()
    page.save_revision().publish()
    # Backdate as if published then (demo only).
    NewsPage.objects.filter(pk=page.pk).update(
        first_published_at=published_at,
        last_published_at=published_at,
    )
    page.refresh_from_db()
    return page


def _settings_seed(municipality: Municipality, site: Site) -> None:
    settings = NoticeSettings.for_site(site)
    settings.crisis_department = Department.objects.filter(
        municipality=municipality, code="kiki-kanri"
    ).first()
    settings.cap_sender = (
        f"bousai@{(municipality.email or 'city.example.jp').split('@')[-1]}"
    )
    settings.whole_area_polygon = _outline_ring(municipality)
    settings.save()


@transaction.atomic
def demo_seed(*, municipality: Municipality) -> None:
    """Notice settings, mail subscribers and the demo notices (after the
    website's pages)."""
    site = Site.objects.get(is_default_site=True)
    _settings_seed(municipality, site)
    demo_seed_subscribers(municipality=municipality)
    ja = Locale.objects.get(language_code="ja")
    index = NewsIndexPage.objects.filter(locale=ja).first()
    if index is None:
        return
    category = {c.slug: c for c in NewsCategory.objects.filter(locale=ja)}
    district = {d.code: d for d in District.objects.filter(municipality=municipality)}
    division = {d.code: d for d in Department.objects.filter(municipality=municipality)}
    now = timezone.now()
    today = timezone.localdate()

    alert = _add(
        index,
        published_at=now - dt.timedelta(minutes=40),
        slug=FLOOD_ALERT["slug"],
        title=FLOOD_ALERT["title"],
        lead=FLOOD_ALERT["lead"],
        body=FLOOD_ALERT["body"],
        date=today,
        urgency=NoticeUrgency.EMERGENCY,
        severity="severe",
        certainty="likely",
        event=FLOOD_ALERT["event"],
        easy_title=FLOOD_ALERT["easy_title"],
        easy_text=FLOOD_ALERT["easy_text"],
        channels=ALL_CHANNELS,
        expires_at=now + dt.timedelta(hours=18),
        department=division["kiki-kanri"],
        categories=[category["bosai"]],
        districts=[district["kurobane"], district["yuzukami"]],
    )
    english = Locale.objects.filter(language_code="en").first()
    if english is not None:
        translated = alert.copy_for_translation(english, copy_parents=True)
        for name, value in FLOOD_ALERT["en"].items():
            setattr(translated, name, value)
        # Filed under the English categories, as the website's translations are.
        translated.categories.set(
            NewsCategory.objects.filter(
                locale=english, translation_key=category["bosai"].translation_key
            )
        )
        translated.save()
        translated.save_revision().publish()

    previous = None
    for step in EARLIER_CHAIN:
        when = now - dt.timedelta(hours=step["hours_ago"])
        previous = _add(
            index,
            published_at=when,
            slug=step["slug"],
            title=step["title"],
            lead=step["lead"],
            body=step["body"],
            date=timezone.localdate(when),
            urgency=NoticeUrgency.EMERGENCY,
            message_type=step["message_type"],
            references=previous,
            severity="moderate",
            certainty="likely",
            event="洪水",
            channels=ALL_CHANNELS,
            categories=[category["bosai"]],
            districts=[district["sakuyama"]],
            department=division["kiki-kanri"],
        )

    for item in OTHER_NOTICES:
        when = now - dt.timedelta(hours=item["hours_ago"])
        _add(
            index,
            published_at=when,
            slug=item["slug"],
            title=item["title"],
            lead=item["lead"],
            body=item["body"],
            date=timezone.localdate(when),
            urgency=item["urgency"],
            channels=item["channels"],
            expires_at=(
                when + dt.timedelta(days=item["days_valid"])
                if item["days_valid"]
                else None
            ),
            categories=[category[item["category"]]],
            districts=[district[code] for code in item["districts"]],
            department=division[item["department"]],
        )
    # Aliases of the new pages in the other languages (shown as "not
    # translated yet" there), as the website's own seed does.
    website_locales_ensure()


def demo_notice_count() -> int:
    """Japanese notices the seed adds."""
    return 1 + len(EARLIER_CHAIN) + len(OTHER_NOTICES)
