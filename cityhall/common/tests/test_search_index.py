"""The search index follows Wagtail's page life cycle."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from cityhall.common.models import SearchEntry
from cityhall.common.search.indexing import (
    page_body_text,
    search_entry_index_page,
    search_entry_remove_page,
)
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db


def test_publishing_a_page_indexes_its_folded_text():
    """Publishing stores the title and body as shown and folded (hiragana, NFKC)."""
    home = f.site_home()
    page = f.add_article(home, title="ゴミの出し方", body="<b>ＰＥＴ</b>ボトル")
    entry = SearchEntry.objects.get(page=page)
    assert entry.title == "ゴミの出し方"
    assert entry.title_folded == "ごみの出し方"
    assert entry.body_text == "ＰＥＴボトル"  # shown text keeps its spelling
    assert "petぼとる" in entry.body_folded
    assert entry.language_code == "ja"
    assert entry.url_path == page.get_url()
    assert entry.content_type_label == "website.articlepage"


def test_rich_text_is_stripped_of_tags():
    """Markup in rich text blocks is not part of the indexed text."""
    home = f.site_home()
    page = f.add_article(home, title="t", body='<a href="/x">窓口</a>の案内')
    assert page_body_text(page) == "窓口の案内"


def test_lead_is_indexed_before_the_body():
    """Text fields the model declares searchable (the lead) are indexed too."""
    home = f.site_home()
    page = f.add_article(home, title="t", lead="概要です", body="本文です")
    assert page_body_text(page) == "概要です\n本文です"


def test_draft_page_is_not_indexed():
    """A page saved as a draft has no entry."""
    home = f.site_home()
    draft = f.add_article(home, title="下書き", live=False)
    assert not SearchEntry.objects.filter(page=draft).exists()


def test_unpublishing_removes_the_entry():
    """Unpublishing a page takes it out of the index."""
    home = f.site_home()
    page = f.add_article(home, title="公開終了")
    page.unpublish()
    assert not SearchEntry.objects.filter(page=page).exists()


def test_deleting_removes_the_entry():
    """Deleting a page takes it out of the index."""
    home = f.site_home()
    page = f.add_article(home, title="削除")
    page_id = page.pk
    page.delete()
    assert not SearchEntry.objects.filter(page_id=page_id).exists()


def test_republishing_refreshes_the_entry():
    """A new revision's title replaces the old one."""
    home = f.site_home()
    page = f.add_article(home, title="旧題")
    page.title = "新題"
    f.publish(page)
    assert SearchEntry.objects.get(page=page).title == "新題"


def test_view_restriction_marks_the_branch_private(django_capture_on_commit_callbacks):
    """A password-protected page and its children are marked not public."""
    home = f.site_home()
    section = f.add_article(home, title="限定")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=section, restriction_type="password", password="secret-1234"
        )
    assert SearchEntry.objects.get(page=section).is_public is False


def test_remove_page_service_is_idempotent():
    """Removing an entry twice is harmless."""
    home = f.site_home()
    page = f.add_article(home, title="二重")
    assert search_entry_remove_page(page_id=page.pk) == 1
    assert search_entry_remove_page(page_id=page.pk) == 0


def test_page_outside_any_site_is_not_indexed():
    """A page that no site serves has no URL and so no entry."""
    home = f.site_home()
    orphan_home = f.site_home(title="別ホーム")  # becomes the site root
    entry = search_entry_index_page(page=home)
    assert entry is None
    assert SearchEntry.objects.filter(page=orphan_home).exists()


def test_alias_is_indexed_in_its_own_language():
    """An untranslated page (alias) is found in the other language's index."""
    home = f.site_home()
    page = f.add_article(home, title="住民票", body="写しの請求")
    f.translate(home, "en", title="Home")
    en_alias = f.alias(page, "en")
    entry = SearchEntry.objects.get(page=en_alias)
    assert entry.language_code == "en"
    assert entry.title == "住民票"
    assert entry.url_path.startswith("/en/")


def test_rebuild_command_reindexes_every_live_page():
    """rebuild_search_index restores entries that were lost."""
    home = f.site_home()
    f.add_article(home, title="一")
    f.add_article(home, title="二")
    f.add_article(home, title="下書き", live=False)
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert set(SearchEntry.objects.values_list("title", flat=True)) == {
        "ホーム",
        "一",
        "二",
    }
