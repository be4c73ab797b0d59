"""Test data for the API, feeds, sitemap and search tests.

Page trees are built through Wagtail's own API (add_child, save_revision,
publish, copy_for_translation) so that its signals fire as in production.
"""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from wagtail.models import Locale, Page, Site

from cityhall.core.models import Department, District, Municipality
from cityhall.website.models import (
    ArticlePage,
    HomePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
)

_slugs = itertools.count(1)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = "見本市"
    name_translations = factory.LazyFunction(lambda: {"en": "Sample City"})
    local_government_code = "999999"
    name_kana = "みほんし"
    prefecture = "見本県"
    postal_code = "100-0001"
    address = "見本県見本市本町1-1"
    phone = "0123-45-6789"
    email = "info@city.example.jp"
    website_url = "https://city.example.jp/"
    opening_hours = "8:30-17:15"
    opening_hours_translations = factory.LazyFunction(
        lambda: {"en": "8:30 am to 5:15 pm"}
    )
    enabled_languages = factory.LazyFunction(lambda: ["ja", "en"])


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"district-{n}")
    name = factory.Sequence(lambda n: f"地区{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"部署{n}")
    name_translations = factory.LazyAttribute(lambda o: {"en": f"Division {o.code}"})
    phone = "0123-45-0000"
    email = "dept@city.example.jp"
    location = "本庁舎1階"


def locale(code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def paragraph(html: str) -> tuple[str, str]:
    """A body block: rich text given as HTML."""
    return ("paragraph", html)


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def site_home(*, title: str = "ホーム") -> HomePage:
    """A published Japanese home page that is the root of the default site."""
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title=title, slug=f"home-{next(_slugs)}", locale=locale("ja"))
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    return publish(home)


def add_article(
    parent: Page,
    *,
    title: str,
    body: str = "",
    lead: str = "",
    live: bool = True,
) -> ArticlePage:
    """An article under ``parent``; published unless ``live`` is false (draft)."""
    article = parent.add_child(
        instance=ArticlePage(
            title=title,
            slug=f"article-{next(_slugs)}",
            lead=lead,
            body=[paragraph(f"<p>{body}</p>")] if body else [],
            live=False,
        )
    )
    if live:
        return publish(article)
    article.save_revision()
    return article


def add_news_index(home: Page) -> NewsIndexPage:
    index = home.add_child(
        instance=NewsIndexPage(title="新着情報", slug=f"news-{next(_slugs)}")
    )
    return publish(index)


def news_category(*, name: str, slug: str, language: str = "ja") -> NewsCategory:
    return NewsCategory.objects.create(name=name, slug=slug, locale=locale(language))


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
    news = index.add_child(
        instance=NewsPage(
            title=title,
            slug=f"item-{next(_slugs)}",
            date=date,
            lead=lead,
            body=[paragraph(f"<p>{body}</p>")],
            department=department,
            live=False,
        )
    )
    if categories:
        news.categories.set(categories)
    return publish(news)


def translate(page: Page, language: str, **fields: object) -> Page:
    """A published translation of ``page`` (its parent must exist in
    ``language`` already, except for the site root)."""
    translated = page.specific.copy_for_translation(locale(language))
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated)


def alias(page: Page, language: str) -> Page:
    """An untranslated copy of ``page`` in ``language`` (a Wagtail alias), as
    wagtail-localize creates when a locale is synchronised."""
    return page.specific.copy_for_translation(locale(language), alias=True)
