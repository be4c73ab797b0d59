"""Reads for the public website: what page templates list and show.

Everything here is public content, so the permission scoping is "live and public
pages only". Each selector does a bounded number of queries whatever the amount
of content (asserted in the tests).
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import OneToOneField, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cityhall.core.models import Department
from cityhall.website.models import (
    DepartmentOwnedMixin,
    DepartmentPage,
    HomePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    SectionPage,
)
from cityhall.website.page_cache import generation_memo

T = TypeVar("T")
PageQuerySetT = TypeVar("PageQuerySetT", bound=QuerySet[Any])


@functools.cache
def _department_lookups() -> tuple[str, ...]:
    """``<page type>__department_id`` lookups from Page, one per table that
    holds a ``department`` column (every DepartmentOwnedMixin page type, in any
    app)."""
    lookups = []
    for model in apps.get_models():
        if (
            not issubclass(model, DepartmentOwnedMixin)
            or Page not in model._meta.parents
        ):
            continue
        if model._meta.get_field("department").model is not model:
            continue  # inherited from another page type's table, already listed
        parent_link = model._meta.parents[Page]
        if not isinstance(parent_link, OneToOneField):
            continue
        reverse_name = parent_link.related_query_name()
        lookups.append(f"{reverse_name}__department_id")
    return tuple(sorted(lookups))


def _responsible_department_ids(pages: list[Any]) -> dict[int, int | None]:
    """Page id → id of its responsible division: its own, else the nearest
    ancestor's. One query for all the pages' ancestors (a join per page type),
    none when every page names its own division."""
    steplen = Page.steplen
    own = {page.pk: getattr(page, "department_id", None) for page in pages}
    ancestor_paths = {
        page.path[:end]
        for page in pages
        if own[page.pk] is None
        for end in range(steplen, len(page.path), steplen)
    }
    department_of_path: dict[str, int | None] = {}
    if ancestor_paths:
        rows = Page.objects.filter(path__in=ancestor_paths).values_list(
            "path", *_department_lookups()
        )
        for path, *values in rows:
            department_of_path[path] = next((value for value in values if value), None)
    chosen: dict[int, int | None] = {}
    for page in pages:
        department_id = own[page.pk]
        # Nearest ancestor first.
        for end in range(len(page.path) - steplen, 0, -steplen):
            if department_id is not None:
                break
            department_id = department_of_path.get(page.path[:end])
        chosen[page.pk] = department_id
    return chosen


def responsible_department_for(page: Page) -> Department | None:
    """The division responsible for ``page`` (担当課): its own, else the nearest
    ancestor's; loaded with its parent department. Two queries at most whatever
    the depth."""
    department_id = _responsible_department_ids([page])[page.pk]
    if department_id is None:
        return None
    return Department.objects.select_related("parent").filter(pk=department_id).first()


def responsible_departments_memoise(pages: list[Any]) -> None:
    """Work out the responsible division of many pages at once and memoise it on
    each (what ``responsible_department()`` returns), for lists of pages such as
    the approvals awaiting review: two queries whatever the number of pages."""
    pending = [page for page in pages if not hasattr(page, "_responsible_department")]
    if not pending:
        return
    chosen = _responsible_department_ids(pending)
    departments = Department.objects.select_related("parent").in_bulk(
        {pk for pk in chosen.values() if pk is not None}
    )
    for page in pending:
        department_id = chosen[page.pk]
        page._responsible_department = (
            departments.get(department_id) if department_id is not None else None
        )


def view_restrictions() -> tuple[tuple[int, int, str], ...]:
    """Every page view restriction as (id, page id, page path).

    A handful of rows at most; remembered per content generation (saving or
    deleting a restriction starts a new one), so that filtering public pages and
    checking the served page's restrictions cost no query.
    """
    return generation_memo(
        "website:view-restrictions",
        lambda: tuple(
            PageViewRestriction.objects.order_by("pk").values_list(
                "pk", "page_id", "page__path"
            )
        ),
    )


def public_pages(queryset: PageQuerySetT) -> PageQuerySetT:
    """``queryset`` without pages in a private section, as Wagtail's
    ``.public()``, but without its query for the restrictions."""
    private = Q()
    for _pk, _page_id, path in view_restrictions():
        private |= Q(path__startswith=path)
    return queryset.exclude(private) if private else queryset


def department_page_url(
    department: Department | None, *, locale_id: int, request: HttpRequest | None
) -> str | None:
    """URL of the live contact page of ``department`` in the page's language."""
    if department is None:
        return None
    page = public_pages(
        DepartmentPage.objects.live().filter(department=department, locale_id=locale_id)
    ).first()
    return page.get_url(request) if page else None


def locale_code(locale_id: int | None) -> str:
    """The language code of a Locale, without a query once locales are known.

    Locales are a handful of rows that change only when a language is added
    (which starts a new content generation): all are read once per generation.
    """
    codes: dict[int, str] = generation_memo(
        "website:locale-codes",
        lambda: dict(Locale.objects.values_list("id", "language_code")),
    )
    return codes.get(locale_id, settings.LANGUAGE_CODE)  # type: ignore[arg-type]


def page_content_language(page: Page) -> str:
    """The language a page's title and text are written in, without a query.

    An alias made by the locale synchronisation (website_locales_ensure) carries
    the default language's text; any other page is written in its locale's
    language. For lists of links, where one query per item would add up.
    """
    if page.alias_of_id is not None:
        return settings.LANGUAGE_CODE
    return locale_code(page.locale_id)


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return dict(settings.LANGUAGES).get(code, code)


def _published_memo(request: HttpRequest, key: str, build: Callable[[], T]) -> T:
    """``generation_memo`` for the published page; a preview of a draft (which
    has the published page's id) is always built afresh."""
    if getattr(request, "is_preview", False):
        return build()
    return generation_memo(key, build)


def _page_facts(page: Page, request: HttpRequest) -> dict[str, Any]:
    department = page.responsible_department()
    content_language = locale_code(page.locale_id)
    if page.alias_of_id is not None:
        source_language = (
            Page.objects.filter(pk=page.alias_of_id)
            .values_list("locale__language_code", flat=True)
            .first()
        )
        if source_language:
            content_language = source_language
    return {
        "responsible_department": department,
        "responsible_department_url": department_page_url(
            department, locale_id=page.locale_id, request=request
        ),
        "content_language": content_language,
    }


def page_common_context(page: Page, request: HttpRequest) -> dict[str, Any]:
    """What every page template shows besides its own fields: the responsible
    division box and, for an untranslated page, the language fallback notice.

    wagtail-localize keeps an alias of the Japanese page in every other locale
    until someone translates it; such an alias is shown with the UI in the
    visitor's language and its content marked as Japanese.

    The division (a read-only instance shared by the process's threads), its
    contact page's address and the content language only change when something
    is published or a department is saved: they are remembered per content
    generation, page and host.
    """
    facts = _published_memo(
        request,
        f"website:page-facts:{page.pk}:{request.get_host()}",
        lambda: _page_facts(page, request),
    )
    page_language = locale_code(page.locale_id)
    content_language = facts["content_language"]
    return {
        **facts,
        "is_language_fallback": content_language != page_language,
        "requested_language_name": _language_name(page_language),
        "content_language_name": _language_name(content_language),
    }


def _localized_pages(pages: list[Page], locale_id: int) -> dict[int, Page]:
    """Map each page's pk to its live version in ``locale_id`` (or itself)."""
    keys = {p.translation_key for p in pages if p.locale_id != locale_id}
    found = {}
    if keys:
        found = {
            p.translation_key: p
            for p in Page.objects.live().filter(
                translation_key__in=keys, locale_id=locale_id
            )
        }
    return {p.pk: found.get(p.translation_key, p) for p in pages}


@dataclass
class QuickLink:
    title: str
    page: Page


@dataclass(frozen=True)
class PageLink:
    """A link to a page, resolved once per content generation: what the home
    page lists (quick links, sections, latest news) without its model rows."""

    title: str
    url: str
    #: Language of the title when it differs from the language around it.
    lang: str = ""
    lead: str = ""
    icon: str = ""
    date: dt.date | None = None


def _link(page: Page, request: HttpRequest, language: str, **extra: Any) -> PageLink:
    text_language = page_content_language(page)
    return PageLink(
        title=extra.pop("title", page.title),
        url=page.get_url(request) or "",
        lang="" if text_language == language else text_language,
        **extra,
    )


def _home_lists(home: HomePage, request: HttpRequest) -> dict[str, Any]:
    language = translation.get_language() or settings.LANGUAGE_CODE
    news = list(latest_news(home, limit=5))
    return {
        "news_index_url": news[0].get_parent().get_url(request) if news else None,
        "quick_links": [
            _link(link.page, request, language, title=link.title)
            for link in home_quick_links(home)
        ],
        "sections": [
            _link(section, request, language, lead=section.lead, icon=section.icon)
            for section in section_children(home)
        ],
        "latest_news": [
            _link(item, request, language, date=item.date) for item in news
        ],
    }


def home_lists(home: HomePage, request: HttpRequest) -> dict[str, Any]:
    """Quick links, sections and the five latest news items of ``home`` (with
    the news list's address) as
    resolved links, remembered per content generation, page, host and language
    (three queries when the generation is new, none after): every full render
    of the home page, a signed-in resident's included, lists the same."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return _published_memo(
        request,
        f"website:home-lists:{home.pk}:{request.get_host()}:{language}",
        lambda: _home_lists(home, request),
    )


def home_quick_links(home: HomePage) -> list[QuickLink]:
    """よく使うリンク, each pointing to the linked page in the home's language."""
    links = list(home.quick_links.select_related("link_page"))
    localized = _localized_pages([link.link_page for link in links], home.locale_id)
    return [
        QuickLink(title=link.title, page=localized[link.link_page_id])
        for link in links
        if localized[link.link_page_id].live
    ]


def section_children(page: Page) -> QuerySet[Page]:
    """Live, public child pages with their specific fields (lead) loaded."""
    if isinstance(page, HomePage):
        return public_pages(SectionPage.objects.child_of(page).live())
    return public_pages(page.get_children().live()).specific()


def latest_news(home: HomePage, *, limit: int) -> QuerySet[NewsPage]:
    """The newest live news items under ``home`` (its language's tree)."""
    return public_pages(NewsPage.objects.descendant_of(home).live()).order_by(
        "-date", "-first_published_at"
    )[:limit]


def news_categories_for_locale(locale_id: int) -> list[NewsCategory]:
    """Categories in the page's language, else in the default language."""
    categories = list(NewsCategory.objects.filter(locale_id=locale_id))
    if not categories:
        categories = list(
            NewsCategory.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        )
    return categories


def news_page_for_index(
    index: NewsIndexPage,
    *,
    category: NewsCategory | None,
    page_number: str,
    per_page: int,
) -> PaginatorPage:
    """One page of the news list, newest first, optionally of one category.

    Categories are matched by translation key so that an untranslated news item
    (whose categories are still the Japanese ones) is found from any language.
    """
    items = (
        public_pages(NewsPage.objects.child_of(index).live())
        .order_by("-date", "-first_published_at")
        .prefetch_related(
            Prefetch("categories", queryset=NewsCategory.objects.order_by("name"))
        )
    )
    if category is not None:
        items = items.filter(
            categories__translation_key=category.translation_key
        ).distinct()
    return Paginator(items, per_page).get_page(page_number)


@dataclass
class DepartmentNode:
    department: Department
    page_url: str | None
    divisions: list[DepartmentNode] = field(default_factory=list)


def department_tree(
    *, index_page: Page, request: HttpRequest | None = None
) -> list[DepartmentNode]:
    """Departments (部) with their divisions (課) and each one's contact page."""
    pages = public_pages(DepartmentPage.objects.child_of(index_page).live())
    url_by_department = {
        p.department_id: p.get_url(request) for p in pages if p.department_id
    }
    active_children = Department.objects.filter(is_active=True)
    departments = Department.objects.filter(
        is_active=True, parent__isnull=True
    ).prefetch_related(Prefetch("children", queryset=active_children))
    return [
        DepartmentNode(
            department=d,
            page_url=url_by_department.get(d.pk),
            divisions=[
                DepartmentNode(department=c, page_url=url_by_department.get(c.pk))
                for c in d.children.all()
            ],
        )
        for d in departments
    ]


@dataclass
class TreeNode:
    page: Page
    children: list[TreeNode] = field(default_factory=list)


def sitemap_tree(request: HttpRequest, *, levels: int = 3) -> list[TreeNode]:
    """The live public pages of the visitor's language, ``levels`` deep below the
    home page, for the human-readable site map (news items are left out: the
    news list has them all)."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    language = translation.get_language() or settings.LANGUAGE_CODE
    home = (
        Page.objects.filter(
            translation_key=site.root_page.translation_key,
            locale__language_code=language,
        ).first()
        or site.root_page
    )
    pages = (
        home.get_descendants()
        .live()
        .public()
        .not_type(NewsPage)
        .filter(depth__lte=home.depth + levels)
        .order_by("path")
    )
    roots: list[TreeNode] = []
    by_path: dict[str, TreeNode] = {}
    for page in pages:
        node = TreeNode(page=page)
        by_path[page.path] = node
        parent = by_path.get(page.path[: -Page.steplen])
        (parent.children if parent else roots).append(node)
    return roots


# --- News and page reads for feeds, the sitemap and the REST API ---------------


def news_for_language(
    *,
    language_code: str,
    category: str | None = None,
    since: dt.date | None = None,
) -> QuerySet[NewsPage]:
    """Live, public news items of one language, newest first.

    ``category`` is a category slug in any language (matched by translation key,
    so untranslated items keep their Japanese categories); ``since`` keeps items
    dated on or after that day. Categories, the department and the locale are
    loaded with the items (three queries for any number of items).
    """
    items = (
        NewsPage.objects.live()
        .public()
        .filter(locale__language_code=language_code)
        .select_related("locale", "department", "department__parent")
        .prefetch_related(
            Prefetch("categories", queryset=NewsCategory.objects.order_by("name"))
        )
        .order_by("-date", "-first_published_at", "-pk")
    )
    if category:
        keys = NewsCategory.objects.filter(slug=category).values("translation_key")
        items = items.filter(categories__translation_key__in=keys).distinct()
    if since is not None:
        items = items.filter(date__gte=since)
    return items


def news_category_for_language(*, slug: str, language_code: str) -> NewsCategory | None:
    """The category with ``slug`` (in any language) as named in
    ``language_code``, else in its original language; None if there is none."""
    found = list(
        NewsCategory.objects.filter(
            translation_key__in=NewsCategory.objects.filter(slug=slug).values(
                "translation_key"
            )
        ).select_related("locale")
    )
    for category in found:
        if category.locale.language_code == language_code:
            return category
    return found[0] if found else None


def news_item_for_language(
    *, translation_key: uuid.UUID, language_code: str
) -> NewsPage | None:
    """One live, public news item by its translation key in one language."""
    return (
        news_for_language(language_code=language_code)
        .filter(translation_key=translation_key)
        .first()
    )


def sitemap_pages(site: Site) -> QuerySet[Page]:
    """Every live, public page of ``site`` in every language, for the sitemap.

    Aliases (untranslated copies in another language) are left out: they repeat
    the Japanese page under a second URL, which search engines treat as
    duplicate content.
    """
    roots = site.root_page.get_translations(inclusive=True)
    query = Page.objects.none()
    for root in roots:
        query = query | Page.objects.descendant_of(root, inclusive=True)
    return (
        query.live()
        .public()
        .filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("path")
    )
