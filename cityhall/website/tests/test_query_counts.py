"""Queries of a full (uncached) page render, counted exactly at two data sizes.

A render that the page cache cannot answer (a signed-in resident, an address
with an unknown parameter, the first request after a publish) must cost the same
number of queries whatever the amount of content: with 1 and with 20 items the
count is the same exact figure, so an N+1 fails here instead of hiding under a
cap. The ceilings asked for are 10 queries for the home page and a news item
and 8 for an article. Each test warms the process first (the site, chrome and
view restrictions are remembered per content generation, as on a running site).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cityhall.core.tests.factories import DistrictFactory, ResidentProfileFactory
from cityhall.website.models import (
    ArticlePage,
    HomePage,
    HomeQuickLink,
    MachineTranslation,
    NewsPage,
    NoticeMessageType,
    NoticeUrgency,
    SectionPage,
)
from cityhall.website.page_cache import forget_process_memos
from cityhall.website.tests.factories import (
    NewsCategoryFactory,
    add_page,
    build_site,
)

pytestmark = pytest.mark.django_db

SIZES = [1, 20]
#: Queries of a warm full render of a notice, and of one whose own row, division
#: and notice facts must be built again after a publish elsewhere (the route,
#: the page row, its division and contact page, categories, districts, the
#: original / follow-up / machine-translation row, the follow-up, the language
#: versions): the issue asks for at most 10.
NOTICE_QUERIES = 1
NOTICE_COLD_QUERIES = 10


@pytest.fixture
def without_page_cache(settings):
    """Measure rendering itself: the anonymous page cache is switched off."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("AnonymousPageCacheMiddleware")
    ]


def _render(client, url, django_assert_num_queries, expected):
    client.get(url)  # warm the process, as any running site is
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _home_with(size: int):
    tree = build_site(sections=size)
    for day in range(1, size + 1):
        add_page(
            tree.news_index, NewsPage, title=f"news {day}", date=dt.date(2025, 4, 1)
        )
    for number in range(size):
        target = add_page(tree.sections[0], ArticlePage, title=f"link target {number}")
        HomeQuickLink.objects.create(
            page=tree.home, sort_order=number, title=f"quick {number}", link_page=target
        )
    return tree


@pytest.mark.parametrize("size", SIZES)
def test_home_render_queries(
    client, without_page_cache, django_assert_num_queries, size
):
    """Home page with 1 or 20 sections, news items and quick links: no query
    at all; its own row, its lists, division and language versions are
    remembered per content generation."""
    tree = _home_with(size)
    html = _render(client, "/", django_assert_num_queries, 0)
    assert html.count('<li class="card') == size
    assert html.count(">quick ") == size
    assert f'href="{tree.news_index.url}"' in html


@pytest.mark.parametrize("size", SIZES)
def test_signed_in_resident_home_render_queries(
    client, django_assert_num_queries, size
):
    """A signed-in resident always gets a full render (the page cache is only
    for anonymous visitors): no query, as an anonymous render, as
    nothing on a public page reads the session or the user."""
    _home_with(size)
    resident = ResidentProfileFactory().user
    client.force_login(resident)
    response = client.get("/")
    assert "X-Cache" not in response
    html = _render(client, "/", django_assert_num_queries, 0)
    assert html.count(">quick ") == size


@pytest.mark.parametrize("size", SIZES)
def test_article_render_queries(
    client, without_page_cache, django_assert_num_queries, size
):
    """An article among 1 or 20 siblings: one query (the pages on its
    address)."""
    tree = build_site()
    for number in range(size - 1):
        add_page(tree.sections[0], ArticlePage, title=f"sibling {number}")
    html = _render(client, tree.article.url, django_assert_num_queries, 1)
    assert "広報課" in html
    assert '<li><a href="/"' in html  # breadcrumbs from the home page down


def test_deeper_article_costs_the_same(
    client, without_page_cache, django_assert_num_queries
):
    """Routing and the responsible division do not cost a query per level: an
    article three sections deep renders with the same single query."""
    tree = build_site()
    parent = tree.sections[0]
    for level in range(2):
        parent = add_page(parent, SectionPage, title=f"level {level}")
    article = add_page(parent, ArticlePage, title="deep article")
    html = _render(client, article.url, django_assert_num_queries, 1)
    assert "level 1" in html  # in the breadcrumbs
    assert "広報課" in html


@pytest.mark.parametrize("size", SIZES)
def test_section_render_queries(
    client, without_page_cache, django_assert_num_queries, size
):
    """A section with 1 or 20 child pages: 3 queries (the article's one plus
    the children and their specific rows)."""
    tree = build_site()
    section = tree.sections[1]
    for number in range(size):
        add_page(section, ArticlePage, title=f"child {number}", lead=f"lead {number}")
    html = _render(client, section.url, django_assert_num_queries, 3)
    assert html.count("lead ") >= size


@pytest.mark.parametrize("size", SIZES)
def test_news_index_render_queries(
    client, without_page_cache, django_assert_num_queries, size
):
    """The news list with 1 or 20 items in 3 categories: 5 queries (the
    article's one, the categories of the page's language, the count, the items,
    their categories)."""
    tree = build_site()
    categories = [NewsCategoryFactory() for _ in range(3)]
    for day in range(1, size + 1):
        add_page(
            tree.news_index,
            NewsPage,
            title=f"n{day}",
            date=dt.date(2025, 4, day),
            categories=categories,
        )
    html = _render(client, tree.news_index.url, django_assert_num_queries, 5)
    assert html.count('<span class="tag">') == 3 * min(size, 10)


@pytest.mark.parametrize("size", SIZES)
def test_news_page_render_queries(
    client, without_page_cache, django_assert_num_queries, size
):
    """A news item in 1 or 20 categories, beside as many other items: one
    query (the pages on its address; its categories and notice facts are
    remembered per content generation)."""
    tree = build_site()
    categories = [NewsCategoryFactory() for _ in range(size)]
    for day in range(1, size):
        add_page(tree.news_index, NewsPage, title=f"other {day}")
    news = add_page(tree.news_index, NewsPage, title="item", categories=categories)
    html = _render(client, news.url, django_assert_num_queries, 1)
    assert html.count('<span class="tag">') == size


@pytest.mark.parametrize("size", SIZES)
def test_notice_page_render_queries(
    client, without_page_cache, django_assert_num_queries, size
):
    """An emergency update in 1 or 20 categories for as many districts, with
    the alert it updates, a later cancellation of it, a validity end and a
    machine-translation record: still NOTICE_QUERIES queries (the page's own
    address; everything about it as a notice is remembered per content
    generation), and a cold render of those facts costs a fixed number too."""
    tree = build_site()
    categories = [NewsCategoryFactory() for _ in range(size)]
    districts = [DistrictFactory(name=f"地区{n}") for n in range(size)]
    alert = add_page(
        tree.news_index, NewsPage, title="alert", urgency=NoticeUrgency.EMERGENCY
    )
    update = add_page(
        tree.news_index,
        NewsPage,
        title="update",
        urgency=NoticeUrgency.EMERGENCY,
        message_type=NoticeMessageType.UPDATE,
        references=alert,
        expires_at=timezone.now() + dt.timedelta(days=1),
        categories=categories,
        target_districts=districts,
    )
    add_page(
        tree.news_index,
        NewsPage,
        title="cancel",
        urgency=NoticeUrgency.EMERGENCY,
        message_type=NoticeMessageType.CANCEL,
        references=update,
    )
    MachineTranslation.objects.create(page=update, engine="test")
    html = _render(client, update.url, django_assert_num_queries, NOTICE_QUERIES)
    assert html.count('<span class="tag">') == size
    assert html.count('rel="alternate" type="application/atom+xml"') == size + 1
    assert 'id="notice-follow-up"' in html
    assert 'id="machine-translation-notice"' in html
    assert "地区0" in html
    # Cold: the notice facts are built again after a publish elsewhere.
    forget_process_memos()
    client.get(tree.article.url)  # the site and chrome, not the notice facts
    with django_assert_num_queries(NOTICE_COLD_QUERIES):
        client.get(update.url)


def test_preview_of_a_draft_is_not_answered_from_the_memo(client, without_page_cache):
    """The home page's lists are remembered for the published page only: a
    preview of a draft with a new quick link shows it, and the published page
    still does not."""
    tree = build_site()
    # The published page's lists are remembered for the host previews use.
    client.get("/", HTTP_HOST="localhost")
    draft = HomePage.objects.get(pk=tree.home.pk)
    draft.quick_links.add(
        HomeQuickLink(title="draft quick link", link_page=tree.article)
    )
    preview = draft.make_preview_request()
    assert "draft quick link" in preview.content.decode()
    assert "draft quick link" not in client.get("/").content.decode()
