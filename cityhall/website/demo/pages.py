"""Demo website: replaces Wagtail's welcome page with the city's page tree.

Pages are written through Wagtail's page API (``add_child`` then
``save_revision().publish()``) so that every page has a revision history like
one made in the staff console. The locale synchronisation first makes every
Japanese page an alias in each other language; the pages with real translations
are then converted from alias to translation in place, as wagtail-localize does
when a translator finishes, so they keep the Japanese tree's order.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale, Page, Site

from cityhall.core.demo.organisation import divisions
from cityhall.core.models import Department, Municipality
from cityhall.core.services.site_address import site_address_from_base_url
from cityhall.website.demo.articles_living import SECTIONS_LIVING
from cityhall.website.demo.articles_public import SECTIONS_PUBLIC, SHELTER_SLUG
from cityhall.website.demo.blocks import paragraph
from cityhall.website.demo.news import (
    CATEGORIES,
    NEWS,
    NEWS_INDEX,
    TRANSLATED_NEWS,
)
from cityhall.website.demo.policies import (
    ACCESSIBILITY,
    DEPARTMENT_INDEX,
    HOME,
    PRIVACY,
    QUICK_LINKS,
)
from cityhall.website.demo.translations import TRANSLATIONS
from cityhall.website.models import (
    ArticlePage,
    DepartmentIndexPage,
    DepartmentPage,
    EmergencyBanner,
    HomePage,
    HomeQuickLink,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PolicyPage,
    SectionPage,
)
from cityhall.website.services import website_locales_ensure

#: The section translated into every language.
TRANSLATED_SECTION = "bosai"

#: What each division does, shown on its contact page (demo text).
DIVISION_DUTIES = {
    "seisaku-suishin": "総合計画の策定と進行管理、広報・広聴、市民の声の受け付け",
    "joho-seisaku": "地域情報化計画、情報システムの管理、ウェブサイトの運営、"
    "情報セキュリティ",
    "somu-ka": "職員の人事、文書の管理、情報公開、選挙",
    "zeimu": "市県民税、固定資産税、軽自動車税の課税と納税の相談",
    "kiki-kanri": "防災計画、避難所、防災行政無線、防災メール、消防団",
    "shimin": "住民票・戸籍・印鑑登録、マイナンバーカード、転入・転出の届出",
    "hoken-nenkin": "国民健康保険、後期高齢者医療、国民年金",
    "seikatsu-kankyo": "ごみの収集とリサイクル、環境保全、公害の相談",
    "fukushi": "障害福祉、高齢者福祉、介護保険、生活保護の相談",
    "kenko-seisaku": "健康診断・がん検診、予防接種、健康相談",
    "kodomo-kofuku": "児童手当、保育園・認定こども園、子育ての相談、こども医療費助成",
    "nosei": "農業の振興、農地の利用、米の生産調整",
    "shoko-kanko": "商工業の振興、企業誘致、観光の振興、まつり・イベント",
    "toshi-keikaku": "都市計画、公園、市営住宅、建築の相談",
    "gakko-kyoiku": "小中学校の入学・転校、就学援助、文化財",
    "kaikei": "市の収入・支出の管理、納付金の収納と消込、還付",
}


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def _add(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    return _publish(page)


def _department(code: str) -> Department:
    return Department.objects.get(code=code)


def _replace_welcome_page(municipality: Municipality) -> tuple[HomePage, Site]:
    """Remove Wagtail's default welcome page and site; add the city's home page."""
    root = Page.get_first_root_node()
    # Sites point at their root page with on_delete=CASCADE: drop them first.
    Site.objects.all().delete()
    for page in root.get_children():
        page.delete()
    home = HomePage(
        title=HOME["title"],
        slug=HOME["slug"],
        lead=HOME["lead"],
        body=HOME["body"],
        department=_department(HOME["department"]),
    )
    root.add_child(instance=home)
    _publish(home)
    # Page links in Wagtail's mails are built from the site's address.
    hostname, port = site_address_from_base_url(settings.CITYHALL_BASE_URL)
    site = Site.objects.create(
        hostname=hostname,
        port=port,
        root_page=home,
        is_default_site=True,
        site_name=municipality.name,
    )
    return home, site


def _add_sections(home: HomePage) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for data in SECTIONS_LIVING + SECTIONS_PUBLIC:
        section = _add(
            home,
            SectionPage(
                title=data["title"],
                slug=data["slug"],
                lead=data["lead"],
                icon=data["icon"],
                department=_department(data["department"]),
            ),
        )
        pages[data["slug"]] = section
        for article in data["articles"]:
            pages[article["slug"]] = _add(
                section,
                ArticlePage(
                    title=article["title"],
                    slug=article["slug"],
                    lead=article["lead"],
                    body=article["body"],
                    department=_department(article["department"]),
                ),
            )
    return pages


def _add_categories(locales: dict[str, Locale]) -> dict[str, dict[str, NewsCategory]]:
    """News categories in every locale: language → slug → category."""
    by_language: dict[str, dict[str, NewsCategory]] = {code: {} for code in locales}
    source_language = settings.LANGUAGE_CODE
    for slug, names in CATEGORIES.items():
        source = NewsCategory.objects.create(
            name=names[source_language], slug=slug, locale=locales[source_language]
        )
        by_language[source_language][slug] = source
        for language, locale in locales.items():
            if language == source_language:
                continue
            translation = source.copy_for_translation(locale)
            translation.name = names[language]
            translation.save()
            by_language[language][slug] = translation
    return by_language


def _add_news(
    home: HomePage, categories: dict[str, NewsCategory], today: dt.date
) -> dict[str, Page]:
    index = _add(
        home,
        NewsIndexPage(
            title=NEWS_INDEX["title"],
            slug=NEWS_INDEX["slug"],
            lead=NEWS_INDEX["lead"],
            department=_department(NEWS_INDEX["department"]),
        ),
    )
    pages: dict[str, Page] = {NEWS_INDEX["slug"]: index}
    # Oldest first, so the tree order matches publication order.
    for item in sorted(NEWS, key=lambda item: -item["days_ago"]):
        page = NewsPage(
            title=item["title"],
            slug=item["slug"],
            date=today - dt.timedelta(days=item["days_ago"]),
            lead=item["lead"],
            body=item["body"],
            department=_department(item["department"]),
        )
        page.categories = [categories[slug] for slug in item["categories"]]
        pages[item["slug"]] = _add(index, page)
    return pages


def _add_departments(home: HomePage) -> Page:
    index = _add(
        home,
        DepartmentIndexPage(
            title=DEPARTMENT_INDEX["title"],
            slug=DEPARTMENT_INDEX["slug"],
            lead=DEPARTMENT_INDEX["lead"],
            department=_department(DEPARTMENT_INDEX["department"]),
        ),
    )
    for division in divisions():
        department = _department(division.code)
        body = [paragraph(f"主な業務：{DIVISION_DUTIES[division.code]}")]
        _add(
            index,
            DepartmentPage(
                title=division.name,
                slug=division.code,
                department=department,
                body=body,
            ),
        )
    return index


def _add_policies(home: HomePage, today: dt.date) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for data, tested_on in (
        (ACCESSIBILITY, today - dt.timedelta(days=40)),
        (PRIVACY, None),
    ):
        pages[data["slug"]] = _add(
            home,
            PolicyPage(
                title=data["title"],
                slug=data["slug"],
                kind=data["kind"],
                conformance_target=data["conformance_target"],
                last_tested_on=tested_on,
                body=data["body"],
                department=_department(data["department"]),
            ),
        )
    return pages


def _set_quick_links(home: HomePage, pages: dict[str, Page], titles: list[str]) -> None:
    # Links point at the Japanese pages; the site resolves each link to the
    # visitor's language with Page.localized. A translated home already has the
    # links it copied as an alias: retitle those rather than replace them, so no
    # row is deleted under Wagtail's queued reference-index updates.
    existing = list(home.quick_links.all())
    if existing:
        for link, title in zip(existing, titles, strict=True):
            link.title = title
        home.quick_links = existing
        return
    home.quick_links = [
        HomeQuickLink(
            title=title,
            link_page=pages[article or section],
            sort_order=position,
        )
        for position, (title, (_ja, section, article)) in enumerate(
            zip(titles, QUICK_LINKS, strict=True)
        )
    ]


def _translate(
    pages: dict[str, Page],
    locales: dict[str, Locale],
    categories: dict[str, dict[str, NewsCategory]],
) -> None:
    """Translate the home page, the disaster section and shelter article, the news
    index with three items, and the accessibility policy into every language."""
    order = [
        HOME["slug"],
        NEWS_INDEX["slug"],
        TRANSLATED_SECTION,
        SHELTER_SLUG,
        ACCESSIBILITY["slug"],
        *TRANSLATED_NEWS,
    ]
    for language, (texts, quick_link_titles) in TRANSLATIONS.items():
        for slug in order:
            source = pages[slug].specific
            translation = source.get_translation(locales[language]).specific
            ConvertAliasPageAction(translation).execute(skip_permission_checks=True)
            for field_name, value in texts[slug].items():
                setattr(translation, field_name, value)
            if isinstance(translation, HomePage):
                _set_quick_links(translation, pages, quick_link_titles)
            if isinstance(translation, NewsPage):
                translation.categories = [
                    categories[language][category.slug]
                    for category in source.categories.all()
                ]
            _publish(translation)


@transaction.atomic
def website_create(*, municipality: Municipality) -> HomePage:
    """Build the demo page tree in Japanese, synchronise the other locales and
    translate the pages that have demo translations."""
    today = timezone.localdate()
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }
    home, site = _replace_welcome_page(municipality)
    pages: dict[str, Page] = {HOME["slug"]: home}
    pages.update(_add_sections(home))
    categories = _add_categories(locales)
    pages.update(_add_news(home, categories[settings.LANGUAGE_CODE], today))
    _add_departments(home)
    pages.update(_add_policies(home, today))

    _set_quick_links(home, pages, [title for title, *_rest in QUICK_LINKS])
    _publish(home)

    website_locales_ensure()
    _translate(pages, locales, categories)

    # Present but off: staff switch it on in the console when needed.
    EmergencyBanner.objects.update_or_create(
        site=site,
        defaults={
            "is_active": False,
            "level": EmergencyBanner.Level.WARNING,
            "title": "",
            "message": "",
            "link_page": pages[SHELTER_SLUG],
        },
    )
    return home
