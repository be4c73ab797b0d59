"""Small page trees for the website tests.

Pages are created through Wagtail's own API (``add_child``, ``save_revision``,
``publish``) so that its signals fire as they do in the staff console.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import factory
from wagtail.models import Locale, Page, Site

from cityhall.core.models import Department
from cityhall.core.tests.factories import (
    DepartmentFactory,
    DistrictFactory,
    MunicipalityFactory,
)
from cityhall.website.models import (
    ArticlePage,
    DepartmentIndexPage,
    DepartmentPage,
    EmergencyBanner,
    HomePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PolicyPage,
    SectionPage,
)

_numbers = itertools.count(1)

__all__ = [
    "DepartmentFactory",
    "DistrictFactory",
    "MunicipalityFactory",
    "NewsCategoryFactory",
    "SiteTree",
    "add_article",
    "add_news",
    "add_news_index",
    "add_page",
    "alias",
    "build_site",
    "emergency_banner_set",
    "locale",
    "news_category",
    "paragraph",
    "publish",
    "site_home",
    "translate",
]


def add_page(parent: Page, model: type[Page], *, publish: bool = True, **fields):
    """Create a ``model`` page under ``parent`` (published unless told not to)."""
    number = next(_numbers)
    fields.setdefault("title", f"{model.__name__} {number}")
    fields.setdefault("slug", f"{model.__name__.lower()}-{number}")
    if model in (ArticlePage, NewsPage, PolicyPage) and "body" not in fields:
        fields["body"] = [("paragraph", "<p>Body text.</p>")]
    if model is NewsPage:
        fields.setdefault("date", dt.date(2025, 11, 23))
    if model is PolicyPage:
        fields.setdefault("kind", PolicyPage.Kind.TERMS)
    page = model(**fields)
    if not publish:
        page.live = False
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    locale = factory.LazyFunction(Locale.get_default)


@dataclass
class SiteTree:
    home: HomePage
    sections: list[SectionPage]
    article: ArticlePage
    news_index: NewsIndexPage
    department_index: DepartmentIndexPage
    division_page: DepartmentPage
    accessibility: PolicyPage
    division: object  # core.Department (課) responsible for the home tree
    department: object  # its parent 部


def build_site(*, sections: int = 2) -> SiteTree:
    """A Japanese home page (the default Site's root) with sections, an article,
    a news index, a department index with one division page, and the
    accessibility policy. Division and department come from core factories."""
    municipality = MunicipalityFactory()
    department = DepartmentFactory(municipality=municipality, name="総務部")
    division = DepartmentFactory(
        municipality=municipality,
        parent=department,
        name="広報課",
        phone="0287-00-0001",
        email="koho@city.example.jp",
        location="本庁舎2階",
    )
    Locale.objects.get_or_create(language_code="ja")
    root = root_page()
    # The welcome page (and its Site) from Wagtail's own migration make way.
    Page.objects.filter(depth=2).delete()
    home = add_page(root, HomePage, title="ホーム", slug="home", department=division)
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )
    section_pages = [
        add_page(home, SectionPage, title=f"分野{i}", lead=f"分野{i}の説明")
        for i in range(sections)
    ]
    article = add_page(section_pages[0], ArticlePage, title="記事", lead="記事の概要")
    news_index = add_page(home, NewsIndexPage, title="新着情報", slug="news")
    department_index = add_page(
        home, DepartmentIndexPage, title="組織と連絡先", slug="soshiki"
    )
    division_page = add_page(
        department_index, DepartmentPage, title="広報課", department=division
    )
    accessibility = add_page(
        home,
        PolicyPage,
        title="ウェブアクセシビリティ方針",
        slug="accessibility",
        kind=PolicyPage.Kind.ACCESSIBILITY,
        conformance_target="JIS X 8341-3:2016 AA",
        last_tested_on=dt.date(2025, 3, 31),
    )
    return SiteTree(
        home=home,
        sections=section_pages,
        article=article,
        news_index=news_index,
        department_index=department_index,
        division_page=division_page,
        accessibility=accessibility,
        division=division,
        department=department,
    )


def emergency_banner_set(*, site: Site | None = None, **fields) -> EmergencyBanner:
    """Switch the emergency banner of ``site`` (default site) on or off."""
    site = site or Site.objects.get(is_default_site=True)
    banner = EmergencyBanner.for_site(site)
    for name, value in fields.items():
        setattr(banner, name, value)
    banner.save()
    return banner


# --- Small trees built page by page (feeds, search, API tests) ---------------


def locale(code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def root_page() -> Page:
    """The page tree's root; made again when a transactional test that ran
    before has flushed the one Wagtail's migrations create."""
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale("ja"))
        )
    return root


def paragraph(html: str) -> tuple[str, str]:
    """A body block: rich text given as HTML."""
    return ("paragraph", html)


def _paragraphs(text: str) -> list[tuple[str, str]]:
    return [paragraph(f"<p>{text}</p>")] if text else []


def publish(page: Page) -> Page:
    """Publish ``page``'s current state as a new revision."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def site_home(*, title: str = "ホーム") -> HomePage:
    """A published Japanese home page that is the root of the default site
    (served as ``testserver``, the test client's host)."""
    home = add_page(
        root_page(),
        HomePage,
        title=title,
        locale=locale("ja"),
        publish=False,
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    # Published once it is a site root, so that it has a URL when indexed.
    return publish(home)


def add_article(
    parent: Page, *, title: str, body: str = "", lead: str = "", live: bool = True
) -> ArticlePage:
    """An article under ``parent``; published unless ``live`` is false (draft)."""
    article = add_page(
        parent,
        ArticlePage,
        title=title,
        lead=lead,
        body=_paragraphs(body),
        publish=live,
    )
    if not live:
        article.save_revision()
    return article


def add_news_index(home: Page) -> NewsIndexPage:
    return add_page(home, NewsIndexPage, title="新着情報")


def news_category(*, name: str, slug: str, language: str = "ja") -> NewsCategory:
    return NewsCategoryFactory(name=name, slug=slug, locale=locale(language))


def add_news(
    index: Page,
    *,
    title: str,
    date: dt.date,
    lead: str = "",
    body: str = "本文です。",
    categories: list[NewsCategory] | None = None,
    department: Department | None = None,
) -> NewsPage:
    """A published news item under ``index``."""
    news = NewsPage(
        title=title,
        slug=f"item-{next(_numbers)}",
        date=date,
        lead=lead,
        body=_paragraphs(body),
        department=department,
        live=False,
    )
    index.add_child(instance=news)
    if categories:
        news.categories.set(categories)
    news.save_revision().publish()
    news.refresh_from_db()
    return news


def translate(page: Page, language: str, **fields: object) -> Page:
    """A published translation of ``page`` (its parent must exist in
    ``language`` already, except for the site root)."""
    translated = page.specific.copy_for_translation(locale(language))
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def alias(page: Page, language: str) -> Page:
    """An untranslated copy of ``page`` in ``language`` (a Wagtail alias), as
    wagtail-localize creates when a locale is synchronised."""
    return page.specific.copy_for_translation(locale(language), alias=True)
