"""The site chrome: header, navigation, footer and emergency banner data.

Shown on every page, including other apps' pages, so it is built once per
(host, language, content generation) and kept in the shared cache; publishing
anything bumps the generation (see ``page_cache``), so the chrome never outlives
the content it points to by more than the generation memo (≤1 s).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db.models import Q
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page, Site

from cityhall.core.models import Municipality
from cityhall.core.selectors.organisation import municipality_current
from cityhall.website.models import (
    DepartmentIndexPage,
    EmergencyBanner,
    NewsPage,
    PolicyPage,
    SectionPage,
)
from cityhall.website.notice_selectors import emergencies_current
from cityhall.website.page_cache import (
    content_expiry_note,
    content_generation,
    generation_memo,
)
from cityhall.website.selectors import page_content_language


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    #: Set when the title is in another language than the UI (an alias).
    lang: str = ""


def _shared(key: str, build: Callable[[], Any]) -> Any:
    """``build()`` through the shared cache: one process builds, the others
    read it."""
    cache = caches["default"]
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout=settings.PAGE_CACHE_SECONDS)
    return found


def municipality_cached() -> Municipality | None:
    """The municipality profile, cached per content generation (in this process,
    then in the shared cache)."""
    key = f"website:municipality:{content_generation()}"
    # False marks "no municipality yet" so an empty database is not re-queried.
    found = generation_memo(
        key, lambda: _shared(key, lambda: municipality_current() or False)
    )
    return found or None


def enabled_languages(municipality: Municipality | None) -> list[tuple[str, str]]:
    """(code, own name) of the languages the site offers, in settings order."""
    configured = settings.LANGUAGES
    wanted = set(municipality.enabled_languages or []) if municipality else set()
    chosen = [(code, name) for code, name in configured if code in wanted]
    return chosen or list(configured)


def language_prefixed(path: str, language: str) -> str:
    """``path`` under the language prefix (none for the default language), the
    way ``i18n_patterns(prefix_default_language=False)`` routes it."""
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    return f"{prefix}{path}"


def localized_url(name: str, fallback_path: str, language: str) -> str:
    """Reverse ``name`` in ``language``; ``fallback_path`` if it is not routed
    (another app may not have registered its URL yet)."""
    with translation.override(language):
        try:
            return reverse(name)
        except NoReverseMatch:
            return language_prefixed(fallback_path, language)


def _section_type() -> ContentType:
    return ContentType.objects.get_for_model(SectionPage)


def _build(request: HttpRequest, language: str) -> dict[str, Any]:
    site = Site.find_for_request(request)
    chrome: dict[str, Any] = {
        "home_url": language_prefixed("/", language),
        "home_urls": {},
        "sections": [],
        "accessibility_url": None,
        "privacy_url": None,
        "contact_url": None,
        "banner": None,
    }
    if site is None:
        return chrome
    roots = {
        p.locale.language_code: p
        for p in Page.objects.filter(
            translation_key=site.root_page.translation_key
        ).select_related("locale")
    }
    chrome["home_urls"] = {
        code: page.get_url(request) for code, page in roots.items() if page.live
    }
    home = roots.get(language) or site.root_page
    chrome["home_url"] = chrome["home_urls"].get(language) or chrome["home_url"]
    # The main menu: the sections, then any other page under home that staff
    # marked "show in menus" (e.g. an app's index page such as the procedure
    # guide), in the page tree's order.
    menu_pages = (
        Page.objects.child_of(home)
        .live()
        .public()
        .filter(Q(show_in_menus=True) | Q(content_type=_section_type()))
        .order_by("path")
    )
    for section in menu_pages:
        text_language = page_content_language(section)
        chrome["sections"].append(
            Link(
                section.title,
                section.get_url(request),
                lang="" if text_language == language else text_language,
            )
        )
    for policy in PolicyPage.objects.child_of(home).live().public():
        chrome[f"{policy.kind}_url"] = policy.get_url(request)
    contact = DepartmentIndexPage.objects.child_of(home).live().public().first()
    chrome["contact_url"] = contact.get_url(request) if contact else None

    banner = EmergencyBanner.for_site(site)
    if banner.is_active and (banner.title or banner.message):
        link_url = None
        if banner.link_page_id:
            target = banner.link_page
            localized = (
                Page.objects.live()
                .filter(translation_key=target.translation_key, locale=home.locale_id)
                .first()
            )
            link_url = (localized or target).get_url(request)
        chrome["banner"] = {
            "level": banner.level,
            "title": banner.title,
            "message": banner.message,
            "link_url": link_url,
        }
    else:
        chrome["banner"] = _emergency_notice_banner(request, home)
    return chrome


def _emergency_notice_banner(request: HttpRequest, home: Page) -> dict[str, Any] | None:
    """The banner for current emergency notices (緊急), in the page's language.

    No periodic task switches it: the chrome is rebuilt per content generation,
    publishing or cancelling starts a new generation, and the earliest end of
    validity among the notices shown is noted so that the first request after
    it starts one too (``page_cache.content_expiry_note``).
    """
    emergencies = list(emergencies_current())
    if not emergencies:
        return None
    ends = [page.expires_at for page in emergencies if page.expires_at]
    if ends:
        content_expiry_note(min(ends))
    localized = {
        page.translation_key: page
        for page in NewsPage.objects.live()
        .public()
        .filter(
            translation_key__in=[p.translation_key for p in emergencies],
            locale=home.locale_id,
        )
    }
    links = []
    for original in emergencies:
        page = localized.get(original.translation_key, original)
        links.append(
            {
                "title": page.title,
                "message": page.lead,
                "url": page.get_url(request),
                "lang": page_content_language(page),
            }
        )
    first = links[0]
    return {
        "level": EmergencyBanner.Level.EMERGENCY,
        "title": first["title"],
        "title_lang": first["lang"],
        "message": first["message"],
        "link_url": first["url"],
        "more": links[1:],
    }


def site_chrome_for_request(request: HttpRequest) -> dict[str, Any]:
    """Header/footer data for ``request``'s host and active language (cached)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"website:chrome:{content_generation()}:{request.get_host()}:{language}"
    return generation_memo(key, lambda: _shared(key, lambda: _build(request, language)))
