"""News feeds: ``/feeds/news.atom``, ``/feeds/news.rss`` and one Atom feed per
category, ``/feeds/category/<slug>.atom`` (per language prefix).

The latest live news items of the current language. Untranslated items appear in
every language as aliases of the Japanese item, as in the site's own news list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant

from cityhall.core.selectors.organisation import municipality_current
from cityhall.website.models import NewsCategory, NewsPage
from cityhall.website.selectors import news_category_for_language, news_for_language

FEED_ITEMS = 20


@dataclass(frozen=True)
class NewsFeedContext:
    """What one request's feed is about; Feed instances are shared between
    requests, so nothing request-specific may be stored on them."""

    request: HttpRequest
    language_code: str
    publisher: str


@dataclass(frozen=True)
class NewsFeedItem:
    page: NewsPage
    url: str
    guid: str
    published: dt.datetime
    updated: dt.datetime
    categories: list[str]
    author: str


def _published_at(page: NewsPage) -> dt.datetime:
    """The news date as a moment: the first publication if it happened on that
    day, otherwise the start of the day in the site's time zone."""
    first = page.first_published_at
    if first and timezone.localdate(first) == page.date:
        return first
    return timezone.make_aware(dt.datetime.combine(page.date, dt.time.min))


class NewsAtomFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> NewsFeedContext:
        municipality = municipality_current()
        return NewsFeedContext(
            request=request,
            language_code=get_supported_content_language_variant(
                translation.get_language()
            ),
            publisher=municipality.display_name() if municipality else "",
        )

    def title(self, obj: NewsFeedContext) -> str:
        if obj.publisher:
            return _("%(name)s: news") % {"name": obj.publisher}
        return _("News")

    def subtitle(self, obj: NewsFeedContext) -> str:
        return _("The latest news from the city website.")

    description = subtitle

    def link(self, obj: NewsFeedContext) -> str:
        return obj.request.build_absolute_uri("/")

    def feed_url(self, obj: NewsFeedContext) -> str:
        return obj.request.build_absolute_uri()

    def feed_guid(self, obj: NewsFeedContext) -> str:
        return obj.request.build_absolute_uri(obj.request.path)

    def author_name(self, obj: NewsFeedContext) -> str:
        return obj.publisher

    def _news(self, obj: NewsFeedContext):
        return news_for_language(language_code=obj.language_code)

    def items(self, obj: NewsFeedContext) -> list[NewsFeedItem]:
        request = obj.request
        host = request.get_host().split(":")[0]
        items = []
        for page in self._news(obj)[:FEED_ITEMS]:
            published = _published_at(page)
            items.append(
                NewsFeedItem(
                    page=page,
                    url=page.get_full_url(request) or "",
                    # A tag URI stays the same when the page's slug changes.
                    guid=(
                        f"tag:{host},{published:%Y-%m-%d}:news:"
                        f"{page.translation_key}:{obj.language_code}"
                    ),
                    published=published,
                    updated=page.last_published_at or published,
                    categories=[c.name for c in page.categories.all()],
                    author=obj.publisher,
                )
            )
        return items

    def item_title(self, item: NewsFeedItem) -> str:
        return item.page.title

    def item_description(self, item: NewsFeedItem) -> str:
        return item.page.lead

    def item_link(self, item: NewsFeedItem) -> str:
        return item.url

    def item_guid(self, item: NewsFeedItem) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsFeedItem) -> dt.datetime:
        return item.published

    def item_updateddate(self, item: NewsFeedItem) -> dt.datetime:
        return item.updated

    def item_categories(self, item: NewsFeedItem) -> list[str]:
        return item.categories

    def item_author_name(self, item: NewsFeedItem) -> str:
        return item.author


class NewsRssFeed(NewsAtomFeed):
    feed_type = Rss201rev2Feed


@dataclass(frozen=True)
class CategoryFeedContext(NewsFeedContext):
    category: NewsCategory


class NewsCategoryAtomFeed(NewsAtomFeed):
    """``/feeds/category/<slug>.atom``: the latest news of one category (slug
    as in the news list's filter), advertised on the news pages of that
    category."""

    def get_object(self, request, *args, **kwargs) -> CategoryFeedContext:
        base = super().get_object(request, *args, **kwargs)
        category = news_category_for_language(
            slug=kwargs["slug"], language_code=base.language_code
        )
        if category is None:
            raise Http404
        return CategoryFeedContext(
            request=base.request,
            language_code=base.language_code,
            publisher=base.publisher,
            category=category,
        )

    def title(self, obj: NewsFeedContext) -> str:
        assert isinstance(obj, CategoryFeedContext)
        if obj.publisher:
            return _("%(name)s: %(category)s") % {
                "name": obj.publisher,
                "category": obj.category.name,
            }
        return obj.category.name

    def subtitle(self, obj: NewsFeedContext) -> str:
        assert isinstance(obj, CategoryFeedContext)
        return _("The latest news in the category %(category)s.") % {
            "category": obj.category.name
        }

    description = subtitle

    def _news(self, obj: NewsFeedContext):
        assert isinstance(obj, CategoryFeedContext)
        return news_for_language(
            language_code=obj.language_code, category=obj.category.slug
        )
