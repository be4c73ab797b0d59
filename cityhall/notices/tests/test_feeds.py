"""News feeds read by a standard feed parser: the news Atom and RSS feeds, one
Atom feed per category, and their advertisement on news pages."""

from __future__ import annotations

import feedparser
import pytest
from django.utils import translation
from django.utils.translation import gettext

from cityhall.notices.tests.notice_pages import add_notice, notice_site
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices():
    _municipality, index = notice_site()
    bosai = f.news_category(name="防災・緊急", slug="bosai")
    kurashi = f.news_category(name="くらし", slug="kurashi")
    flood = add_notice(index, title="避難指示", categories=[bosai])
    water = add_notice(index, title="断水のお知らせ", categories=[kurashi])
    return {"flood": flood, "water": water}


@pytest.mark.parametrize("path", ["/feeds/news.atom", "/feeds/news.rss"])
def test_news_feeds_parse(client, notices, path):
    """Both news feeds are well-formed for feedparser and list both notices."""
    feed = feedparser.parse(client.get(path).content)
    assert not feed.bozo, feed.bozo_exception
    assert {entry.title for entry in feed.entries} == {"避難指示", "断水のお知らせ"}


def test_category_feed_lists_only_its_category(client, notices):
    """/feeds/category/<slug>.atom parses and lists the category's news only,
    named after the category."""
    response = client.get("/feeds/category/bosai.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == ["避難指示"]
    assert "防災・緊急" in feed.feed.title


def test_unknown_category_feed_is_404(client, notices):
    """A slug that names no category answers 404."""
    assert client.get("/feeds/category/no-such-category.atom").status_code == 404


def test_news_page_advertises_its_category_feeds(client, notices):
    """A news page links its categories' Atom feeds (and the site's news
    feeds) in its head, each with a title."""
    html = client.get(notices["flood"].url).content.decode()
    head = html[: html.index("</head>")]
    with translation.override("ja"):  # the page's language here
        title = gettext("%(name)s (Atom)") % {"name": "防災・緊急"}
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="{title}" href="/feeds/category/bosai.atom">'
    ) in head
    assert 'href="/feeds/news.atom"' in head
    assert "/feeds/category/kurashi.atom" not in head
