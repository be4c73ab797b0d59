"""``/feeds/alerts.cap``: an Atom index of the current alerts, each entry linking
to that alert's CAP 1.2 document (the OASIS "CAP feeds" pattern that alert
aggregators and broadcasters poll)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, rfc3339_date
from django.utils.translation import gettext as _

from cityhall.core.selectors.organisation import municipality_current
from cityhall.notices.cap import cap_identifier
from cityhall.website.models import NewsPage
from cityhall.website.notice_selectors import notice_alerts_for_feed


class CapIndexAtom(Atom1Feed):
    """Atom whose entries' alternate link is the CAP document and whose
    related link is the web page."""

    content_type = "application/atom+xml; charset=utf-8"

    def add_item_elements(self, handler, item):
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement(
            "link",
            "",
            {"href": item["link"], "rel": "alternate", "type": "application/cap+xml"},
        )
        if item.get("page_url"):
            handler.addQuickElement(
                "link",
                "",
                {"href": item["page_url"], "rel": "related", "type": "text/html"},
            )
        handler.addQuickElement("published", rfc3339_date(item["pubdate"]))
        handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
        handler.addQuickElement("id", item["unique_id"])
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        for category in item["categories"] or ():
            handler.addQuickElement("category", "", {"term": category})


@dataclass(frozen=True)
class _Context:
    request: HttpRequest
    publisher: str


class CapIndexFeed(Feed):
    feed_type = CapIndexAtom

    def get_object(self, request, *args, **kwargs) -> _Context:
        municipality = municipality_current()
        return _Context(
            request=request,
            publisher=municipality.display_name("ja") if municipality else "",
        )

    def title(self, obj: _Context) -> str:
        if obj.publisher:
            return _("%(name)s: current alerts") % {"name": obj.publisher}
        return _("Current alerts")

    def subtitle(self, obj: _Context) -> str:
        return _("Alerts in the Common Alerting Protocol (CAP 1.2).")

    def link(self, obj: _Context) -> str:
        return obj.request.build_absolute_uri("/")

    def feed_url(self, obj: _Context) -> str:
        return obj.request.build_absolute_uri(reverse("notices_cap_index"))

    def feed_guid(self, obj: _Context) -> str:
        return self.feed_url(obj)

    def author_name(self, obj: _Context) -> str:
        return obj.publisher or obj.request.get_host()

    def items(self, obj: _Context) -> list[NewsPage]:
        return notice_alerts_for_feed()

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.lead

    def item_link(self, item: NewsPage) -> str:
        return reverse("notices_cap_document", kwargs={"key": item.translation_key})

    def item_guid(self, item: NewsPage) -> str:
        return cap_identifier(item)

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsPage) -> dt.datetime:
        return item.first_published_at or timezone.now()

    def item_updateddate(self, item: NewsPage) -> dt.datetime:
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item: NewsPage) -> list[str]:
        return [category.name for category in item.categories.all()]

    def item_extra_kwargs(self, item: NewsPage) -> dict[str, str]:
        return {"page_url": item.full_url or ""}
