"""Content languages: locales, alias fallback and real translations."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization

from cityhall.website.models import ArticlePage
from cityhall.website.services import website_locales_ensure
from cityhall.website.tests.factories import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    tree = build_site()
    website_locales_ensure()
    return tree


def test_locales_and_synchronisation_are_created(tree):
    """Every content language gets a Locale; the others sync from Japanese."""
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert {"ja", "en", "zh-hans", "ko", "vi", "tl", "pt-br"} <= codes
    synced = LocaleSynchronization.objects.select_related("locale", "sync_from")
    assert {s.locale.language_code for s in synced} == {
        "en",
        "zh-hans",
        "ko",
        "vi",
        "tl",
        "pt-br",
    }
    assert {s.sync_from.language_code for s in synced} == {"ja"}


def test_ensure_is_idempotent(tree):
    """Calling the service again creates no further locales or pages."""
    pages = Page.objects.count()
    website_locales_ensure()
    assert Page.objects.count() == pages
    assert Locale.objects.count() == len(settings.LANGUAGES)


@pytest.mark.parametrize(
    "prefix", ["/en/", "/zh-hans/", "/ko/", "/vi/", "/tl/", "/pt-br/"]
)
def test_each_locale_home_is_reachable(client, tree, prefix):
    """Every language prefix answers with that language's home page."""
    response = client.get(prefix)
    assert response.status_code == 200
    assert f'<html lang="{prefix.strip("/")}"' in response.content.decode()


def test_alias_page_shows_notice_and_marks_content_japanese(client, tree):
    """An untranslated page in English has an English UI, a notice and lang=ja."""
    alias = ArticlePage.objects.get(
        translation_key=tree.article.translation_key, locale__language_code="en"
    )
    assert alias.alias_of_id == tree.article.pk
    with translation.override("en"):
        html = client.get(alias.url).content.decode()
    assert '<html lang="en"' in html
    assert (
        "This page has not been translated into English yet; it is shown in Japanese."
        in html
    )
    assert '<article class="page page--article" id="page-content" lang="ja">' in html


def test_translated_page_renders_its_translation_without_notice(client, tree):
    """A real English translation is shown as it is, with no fallback notice."""
    alias = ArticlePage.objects.get(
        translation_key=tree.article.translation_key, locale__language_code="en"
    )
    # What wagtail-localize does when a translation is published: the alias
    # becomes an ordinary page with its own content.
    alias.alias_of = None
    alias.title = "Article in English"
    alias.save_revision().publish()
    html = client.get(alias.url).content.decode()
    assert "Article in English" in html
    assert 'id="language-fallback-notice"' not in html
    assert 'id="page-content" lang=' not in html


def test_language_switcher_links_each_translation(client, tree):
    """Each language link has lang and hreflang and goes to the same page."""
    html = client.get(tree.article.url).content.decode()
    en_url = ArticlePage.objects.get(
        translation_key=tree.article.translation_key, locale__language_code="en"
    ).url
    assert f'<a href="{en_url}" lang="en" hreflang="en">English</a>' in html
    assert 'lang="ko" hreflang="ko">한국어</a>' in html
