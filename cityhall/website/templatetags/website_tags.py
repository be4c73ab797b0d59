"""Template tags for the site chrome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from wagtail.models import Page

from cityhall.website.page_cache import generation_memo
from cityhall.website.routing import route_ancestors
from cityhall.website.selectors import page_content_language

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool


def _translation_urls(page: Page, request: Any) -> dict[str, str]:
    urls = {}
    for translated in (
        page.get_translations(inclusive=True).live().select_related("locale")
    ):
        url = translated.get_url(request)
        if url:
            urls[translated.locale.language_code] = url
    return urls


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[LanguageLink]:
    """Links to the current page in every enabled language.

    On a Wagtail page each link goes to that page's translation (or its
    untranslated alias); a language the page does not exist in links to that
    language's home page. Other views are reversed in each language. A page's
    translations are looked up once per content generation.
    """
    request = context.get("request")
    languages = context.get("site_languages") or settings.LANGUAGES
    chrome = context.get("chrome") or {}
    current = translation.get_language() or settings.LANGUAGE_CODE
    page = context.get("page")
    urls: dict[str, str] = {}
    if isinstance(page, Page) and page.pk:
        if request is None or getattr(request, "is_preview", False):
            urls.update(_translation_urls(page, request))
        else:
            urls.update(
                generation_memo(
                    f"website:translation-urls:{page.pk}:{request.get_host()}",
                    lambda: _translation_urls(page, request),
                )
            )
        for code, url in (chrome.get("home_urls") or {}).items():
            urls.setdefault(code, url)
    elif request is not None:
        path = request.get_full_path()
        for code, _name in languages:
            urls[code] = translate_url(path, code)
    links = []
    for code, name in languages:
        url = urls.get(code)
        if url is None:
            prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
            url = f"{prefix}/"
        links.append(LanguageLink(code, name, url, code == current))
    return links


@register.simple_tag
def breadcrumb_pages(page: Page) -> list[Page]:
    """Live ancestors of ``page`` from its home page down (not the tree root);
    those routing already fetched when it started at the top level."""
    ancestors = route_ancestors(page)
    if ancestors is not None and (ancestors[0] if ancestors else page).depth <= 2:
        return [p for p in ancestors if p.depth >= 2 and p.live]
    return list(page.get_ancestors().filter(depth__gte=2).live())


@register.simple_tag
def lang_attr(page: Page) -> str:
    """` lang="ja"` on a link or heading whose text is in another language than
    the page around it (WCAG 3.1.2 Language of Parts), else nothing."""
    language = page_content_language(page)
    if language == (translation.get_language() or settings.LANGUAGE_CODE):
        return ""
    return format_html(' lang="{}"', language)
