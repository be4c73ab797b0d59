"""sitemap.xml with hreflang alternates, and robots.txt."""

from __future__ import annotations

from typing import Any

import defusedxml.ElementTree as ET
import pytest

from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_urls(client) -> dict[str, Any]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {url.findtext(f"{SM}loc"): url for url in root.findall(f"{SM}url")}


def test_sitemap_lists_live_pages_with_lastmod(client):
    """Every live page is listed with an absolute URL and a lastmod date."""
    home = f.site_home()
    page = f.add_article(home, title="記事")
    urls = sitemap_urls(client)
    assert set(urls) == {"http://testserver/", f"http://testserver{page.url}"}
    assert urls["http://testserver/"].findtext(f"{SM}lastmod")


def test_sitemap_leaves_out_drafts_and_private_pages(client):
    """Drafts and password-protected pages are not listed."""
    from wagtail.models import PageViewRestriction

    home = f.site_home()
    f.add_article(home, title="下書き", live=False)
    private = f.add_article(home, title="限定")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret-1234"
    )
    assert set(sitemap_urls(client)) == {"http://testserver/"}


def test_translations_link_each_other_with_hreflang(client):
    """A page and its translation each list both languages as alternates."""
    home = f.site_home()
    page = f.add_article(home, title="住民票")
    f.translate(home, "en", title="Home")
    en_page = f.translate(page, "en", title="Residence certificate")
    urls = sitemap_urls(client)
    expected = {
        ("ja", f"http://testserver{page.url}"),
        ("en", f"http://testserver{en_page.url}"),
    }
    for location in (f"http://testserver{page.url}", f"http://testserver{en_page.url}"):
        links = urls[location].findall(f"{XHTML}link")
        assert {(link.get("hreflang"), link.get("href")) for link in links} == expected


def test_untranslated_aliases_are_not_listed(client):
    """An alias (Japanese text under /en/) would duplicate content: left out."""
    home = f.site_home()
    page = f.add_article(home, title="住民票")
    f.translate(home, "en", title="Home")
    en_alias = f.alias(page, "en")
    urls = sitemap_urls(client)
    assert f"http://testserver{en_alias.url}" not in urls
    assert urls[f"http://testserver{page.url}"].findall(f"{XHTML}link") == []


def test_sitemap_query_count_does_not_grow_with_pages(
    client, django_assert_max_num_queries
):
    """Thirty pages cost the same handful of queries as one."""
    home = f.site_home()
    for number in range(30):
        f.add_article(home, title=f"記事{number}")
    client.get("/sitemap.xml")  # warm Wagtail's site root cache
    with django_assert_max_num_queries(6):
        client.get("/sitemap.xml")


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out(client):
    """robots.txt allows all, disallows private areas, names the sitemap."""
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in lines
    for path in ("/admin/", "/accounts/", "/staff/", "/api/", "/en/accounts/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
