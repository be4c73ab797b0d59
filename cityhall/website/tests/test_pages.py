"""Rendering of every page type: structure, responsible division, dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation

from cityhall.website.models import ArticlePage, NewsPage
from cityhall.website.tests.factories import (
    NewsCategoryFactory,
    add_page,
    build_site,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_site()


@pytest.fixture
def without_page_cache(settings):
    """Measure rendering itself: the anonymous page cache is switched off."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("AnonymousPageCacheMiddleware")
    ]


def test_home_page_renders_sections_and_latest_five_news(client, tree):
    """The home page lists its sections and only the five newest news items."""
    for day in range(1, 8):
        add_page(
            tree.news_index, NewsPage, title=f"news-{day}", date=dt.date(2025, 5, day)
        )
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1>") == 1
    for section in tree.sections:
        assert section.title in html
    latest = re.search(r'id="latest-news".*?</section>', html, re.S).group(0)
    assert "news-7" in latest and "news-3" in latest
    assert "news-2" not in latest
    assert '<time datetime="2025-05-07">' in latest


def test_section_page_lists_children_with_leads(client, tree):
    """A section page links each live child page and shows its lead."""
    response = client.get(tree.sections[0].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{tree.article.url}"' in html
    assert "記事の概要" in html


def test_every_page_shows_responsible_division_box(client, tree):
    """An article without its own division shows the nearest ancestor's, with the
    parent department, a tel: link, the e-mail and a link to the division page."""
    html = client.get(tree.article.url).content.decode()
    box = re.search(r'<aside class="responsible-division".*?</aside>', html, re.S)
    assert box is not None
    box_html = box.group(0)
    assert "総務部" in box_html and "広報課" in box_html
    assert 'href="tel:0287000001"' in box_html
    assert "mailto:koho@city.example.jp" in box_html
    assert "本庁舎2階" in box_html
    assert f'href="{tree.division_page.url}"' in box_html


def test_last_updated_is_shown_in_japanese_era(client, tree):
    """Japanese pages give the last-updated date in the era form inside <time>."""
    html = client.get(tree.article.url).content.decode()
    match = re.search(
        r'<p class="last-updated">.*?<time datetime="([\d-]+)">(.*?)</time>', html, re.S
    )
    assert match is not None
    assert match.group(2).startswith("令和")


def test_breadcrumbs_are_an_ordered_list_ending_with_current_page(client, tree):
    """Breadcrumbs: a labelled nav with an <ol> whose last link is aria-current."""
    html = client.get(tree.article.url).content.decode()
    nav = re.search(
        r'<nav class="breadcrumbs[^>]*aria-label="[^"]+">(.*?)</nav>', html, re.S
    )
    assert nav is not None
    assert "<ol>" in nav.group(1)
    assert re.search(r'aria-current="page">記事</a></li>\s*</ol>', nav.group(1))


def test_news_index_paginates_ten_per_page(client, tree):
    """Twelve news items make two pages of the list and a labelled page nav."""
    for day in range(1, 13):
        add_page(
            tree.news_index,
            NewsPage,
            title=f"item-{day:02}",
            date=dt.date(2025, 6, day),
        )
    first = client.get(tree.news_index.url).content.decode()
    second = client.get(tree.news_index.url + "?page=2").content.decode()
    assert first.count('<time datetime="2025-06-') == 10
    assert second.count('<time datetime="2025-06-') == 2
    assert '<nav class="pagination" aria-label=' in first
    assert 'aria-current="page"' in re.search(
        r'<nav class="pagination".*?</nav>', second, re.S
    ).group(0)


def test_news_index_filters_by_category(client, tree):
    """?category=<slug> keeps only the news of that category."""
    disaster = NewsCategoryFactory(slug="bosai", name="防災")
    add_page(tree.news_index, NewsPage, title="in-category", categories=[disaster])
    add_page(tree.news_index, NewsPage, title="other-news")
    html = client.get(tree.news_index.url + "?category=bosai").content.decode()
    assert "in-category" in html
    assert "other-news" not in html
    assert '<label for="news-category">' in html
    assert '<option value="bosai" selected>' in html


def test_news_index_unknown_category_shows_message_and_all_news(client, tree):
    """An unknown category is reported next to the select and nothing is hidden."""
    NewsCategoryFactory(slug="bosai")
    add_page(tree.news_index, NewsPage, title="any-news")
    with translation.override("en"):
        html = client.get(tree.news_index.url + "?category=nope").content.decode()
    assert 'aria-describedby="news-category-error"' in html
    assert 'id="news-category-error"' in html
    assert "any-news" in html


def test_news_page_shows_date_and_categories(client, tree):
    """A news page shows its date in <time> and its category names."""
    category = NewsCategoryFactory(name="イベント")
    news = add_page(
        tree.news_index,
        NewsPage,
        title="祭り",
        date=dt.date(2025, 11, 23),
        categories=[category],
    )
    html = client.get(news.url).content.decode()
    assert '<time datetime="2025-11-23">令和7年11月23日</time>' in html
    assert "イベント" in html


def test_department_index_shows_tree_with_contacts(client, tree):
    """The department index nests divisions under their department, with links."""
    html = client.get(tree.department_index.url).content.decode()
    section = re.search(r'<section class="department".*?</section>', html, re.S).group(
        0
    )
    assert "<h2" in section and "総務部" in section
    assert "<h3>" in section and f'href="{tree.division_page.url}"' in section
    assert 'href="tel:0287000001"' in section


def test_accessibility_policy_shows_conformance_target_and_test_date(client, tree):
    """The accessibility policy states its conformance target and last test date."""
    html = client.get(tree.accessibility.url).content.decode()
    conformance = re.search(r'<dl class="conformance".*?</dl>', html, re.S).group(0)
    assert "JIS X 8341-3:2016 AA" in conformance
    assert '<time datetime="2025-03-31">' in conformance


def test_body_blocks_render_accessible_markup(client, tree):
    """Heading, notice and table blocks: h2, labelled aside, caption and th scope."""
    page = add_page(
        tree.sections[0],
        ArticlePage,
        body=[
            ("heading", "手続き"),
            ("notice", {"title": "注意", "text": "<p>持ち物</p>"}),
            (
                "table",
                {"caption": "料金", "rows": [["区分", "金額"], ["大人", "300円"]]},
            ),
        ],
    )
    html = client.get(page.url).content.decode()
    assert "<h2>手続き</h2>" in html
    assert '<aside class="notice notice--important" aria-label="注意">' in html
    assert "<caption>料金</caption>" in html
    assert '<th scope="col">区分</th>' in html
    assert '<th scope="row">大人</th>' in html


def test_footer_links_policy_contact_and_site_map(client, tree):
    """The footer links the accessibility policy, the contact page and the site map."""
    html = client.get("/").content.decode()
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert f'href="{tree.accessibility.url}"' in footer
    assert f'href="{tree.department_index.url}"' in footer
    assert 'href="/sitemap/"' in footer
    assert "03-0000-0000" in footer


def test_site_map_page_lists_the_tree_without_news_items(client, tree):
    """/sitemap/ lists sections and their pages but not individual news items."""
    add_page(tree.news_index, NewsPage, title="hidden-news")
    response = client.get("/sitemap/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{tree.article.url}"' in html
    assert "hidden-news" not in html


def test_global_navigation_lists_sections(client, tree):
    """The main menu links every section of the home page."""
    html = client.get(tree.article.url).content.decode()
    nav = re.search(r'<nav class="global-nav".*?</nav>', html, re.S).group(0)
    for section in tree.sections:
        assert f'href="{section.url}"' in nav


def test_search_form_is_labelled_and_uses_get(client, tree):
    """The header search form is a labelled GET form to /search/."""
    html = client.get("/").content.decode()
    assert re.search(
        r'<form class="site-search" role="search" method="get" action="/search/">', html
    )
    assert '<label for="site-search-q">' in html


def test_not_found_page_in_english(client, tree):
    """An unknown address under /en/ answers 404 with the English page."""
    response = client.get("/en/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en"' in html
    assert "Page not found" in html


def test_server_error_template_renders_without_context():
    """500.html renders from an empty context (no context processors, no DB)."""
    from django.template import Context, loader

    html = loader.get_template("500.html").template.render(Context())
    assert "<h1>" in html


def test_global_navigation_adds_pages_shown_in_menus(client, tree):
    """A page under home marked "show in menus" (an app's index page such as
    the procedure guide) joins the main menu after the sections; an unmarked
    one does not."""
    shown = add_page(tree.home, ArticlePage, title="手続きガイド", show_in_menus=True)
    hidden = add_page(tree.home, ArticlePage, title="hidden-from-menu")
    html = client.get(tree.article.url).content.decode()
    nav = re.search(r'<nav class="global-nav".*?</nav>', html, re.S).group(0)
    assert f'href="{shown.url}"' in nav
    assert f'href="{hidden.url}"' not in nav
    assert nav.index(f'href="{tree.sections[-1].url}"') < nav.index(shown.url)
