"""``/sitemap.xml``: every live public page in every language, with hreflang links.

Wagtail's own sitemap lists one language only. Here each real page (not an
untranslated alias, which would duplicate the Japanese page) is listed with
``xhtml:link rel="alternate" hreflang`` entries for its translations, grouped by
Wagtail's ``translation_key``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from cityhall.website.selectors import sitemap_pages


class PageSitemap(Sitemap):
    """Pages of the request's Wagtail site, with their translations as alternates.

    Built per request (URLs depend on the request's host and scheme), so the
    request is passed in rather than stored on a shared instance.
    """

    limit = 5000

    def __init__(self, request):
        self.request = request
        self._pages: list[Page] | None = None

    def items(self) -> list[Page]:
        # Django's Sitemap builds a new paginator, and so asks for the items,
        # on every access; remember them for this request.
        if self._pages is None:
            site = Site.find_for_request(self.request)
            self._pages = list(sitemap_pages(site)) if site is not None else []
        return self._pages

    def _urls(self, page, protocol, domain) -> list[dict[str, Any]]:
        # Overridden (as Wagtail's sitemap does) to attach hreflang alternates
        # computed once for the whole set instead of per page.
        pages = list(self.paginator.page(page).object_list)
        all_pages = self.items()
        locations: dict[int, str] = {}
        translations: dict[Any, list[Page]] = defaultdict(list)
        for item in all_pages:
            location = item.get_full_url(self.request)
            if location:
                locations[item.pk] = location
                translations[item.translation_key].append(item)
        urls = []
        for item in pages:
            if item.pk not in locations:
                continue
            group = translations[item.translation_key]
            alternates = []
            if len(group) > 1:
                alternates = [
                    {
                        "location": locations[other.pk],
                        "lang_code": other.locale.language_code,
                    }
                    for other in group
                ]
            urls.append(
                {
                    "item": item,
                    "location": locations[item.pk],
                    "lastmod": item.last_published_at,
                    "alternates": alternates,
                }
            )
        self.latest_lastmod = max(
            (url["lastmod"] for url in urls if url["lastmod"]), default=None
        )
        return urls


@require_GET
def sitemap(request):
    """The sitemap of the requested site (one document up to 5,000 pages)."""
    return django_sitemap(request, sitemaps={"pages": PageSitemap(request)})
