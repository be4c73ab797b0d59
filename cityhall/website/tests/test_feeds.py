"""Atom and RSS news feeds."""

from __future__ import annotations

import datetime as dt

import defusedxml.ElementTree as ET
import pytest
from django.template.loader import render_to_string

from cityhall.website.feeds import FEED_ITEMS
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news_index():
    f.MunicipalityFactory()
    return f.add_news_index(f.site_home())


def atom_entries(client, url="/feeds/news.atom"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_atom_entry_has_title_absolute_link_summary_and_categories(client, news_index):
    """Each entry carries what a reader needs, with an absolute link."""
    category = f.news_category(name="防災", slug="bosai")
    page = f.add_news(
        news_index,
        title="防災訓練",
        date=dt.date(2025, 9, 1),
        lead="訓練を行います",
        categories=[category],
    )
    (entry,) = atom_entries(client)
    assert entry.findtext(f"{ATOM}title") == "防災訓練"
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{page.url}"
    assert entry.findtext(f"{ATOM}summary") == "訓練を行います"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["防災"]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "見本市"
    assert entry.findtext(f"{ATOM}id").startswith("tag:testserver,2025-09-01:news:")
    assert entry.findtext(f"{ATOM}updated")
    assert entry.findtext(f"{ATOM}published").startswith("2025-09-01")


def test_atom_feed_has_id_and_updated(client, news_index):
    """The feed itself has an id and an updated time."""
    f.add_news(news_index, title="一", date=dt.date(2025, 1, 1))
    root = ET.fromstring(client.get("/feeds/news.atom").content)
    assert root.findtext(f"{ATOM}id") == "http://testserver/feeds/news.atom"
    assert root.findtext(f"{ATOM}updated")


def test_feed_lists_the_latest_items_newest_first(client, news_index):
    """Only the newest FEED_ITEMS items, newest first."""
    start = dt.date(2025, 1, 1)
    for day in range(FEED_ITEMS + 2):
        f.add_news(news_index, title=f"n{day}", date=start + dt.timedelta(days=day))
    entries = atom_entries(client)
    assert len(entries) == FEED_ITEMS
    assert entries[0].findtext(f"{ATOM}title") == f"n{FEED_ITEMS + 1}"


def test_unpublished_news_is_not_in_the_feed(client, news_index):
    """An item taken offline disappears from the feed."""
    page = f.add_news(news_index, title="取り下げ", date=dt.date(2025, 1, 1))
    page.unpublish()
    assert atom_entries(client) == []


def test_feed_is_scoped_to_the_language(client, news_index):
    """/en/feeds/news.atom lists the English items only."""
    home = news_index.get_parent()
    f.translate(home, "en", title="Home")
    en_index = f.translate(news_index, "en", title="News")
    page = f.add_news(news_index, title="日本語のみ", date=dt.date(2025, 1, 2))
    f.add_news(en_index, title="English item", date=dt.date(2025, 1, 1))
    assert page.locale.language_code == "ja"
    titles = [
        e.findtext(f"{ATOM}title") for e in atom_entries(client, "/en/feeds/news.atom")
    ]
    assert titles == ["English item"]


def test_rss_feed_has_items_with_absolute_links(client, news_index):
    """The RSS 2.0 feed lists the same items with absolute links and a date."""
    page = f.add_news(news_index, title="RSS", date=dt.date(2025, 3, 3), lead="要約")
    response = client.get("/feeds/news.rss")
    assert response.status_code == 200
    item = ET.fromstring(response.content).find("channel/item")
    assert item.findtext("link") == f"http://testserver{page.url}"
    assert item.findtext("description") == "要約"
    assert "03 Mar 2025" in item.findtext("pubDate")


def test_feed_query_count_does_not_grow_with_items(
    client, news_index, django_assert_max_num_queries
):
    """Twenty items cost the same handful of queries as one."""
    for day in range(FEED_ITEMS):
        f.add_news(news_index, title=f"n{day}", date=dt.date(2025, 1, 1 + day))
    client.get("/feeds/news.atom")  # warm Wagtail's site root cache
    with django_assert_max_num_queries(8):
        client.get("/feeds/news.atom")


def test_feed_link_snippet_points_to_both_feeds():
    """The head snippet links the Atom and RSS feeds of the current language."""
    html = render_to_string("website/_feed_links.html")
    assert 'type="application/atom+xml"' in html
    assert 'href="/feeds/news.atom"' in html
    assert 'href="/feeds/news.rss"' in html
