"""Pages as a search source: the index follows Wagtail's page life cycle."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from cityhall.common.models import SearchEntry
from cityhall.common.search.query import search_entries_for_query, search_terms_parse
from cityhall.website.search_index import (
    page_body_text,
    search_entry_index_page,
    search_entry_remove_page,
)
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db


def entries_of(page: Page):
    """The search entries pointing at ``page``."""
    return SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Page), object_id=page.pk
    )


def titles(query: str, language: str = "ja") -> list[str]:
    entries = search_entries_for_query(
        terms=search_terms_parse(query), language_code=language
    )
    return [entry.title for entry in entries]


@pytest.fixture
def home_page():
    return f.site_home()


def test_publishing_a_page_indexes_its_folded_text():
    """Publishing stores the title and body as shown and folded (hiragana, NFKC)."""
    home = f.site_home()
    page = f.add_article(home, title="ゴミの出し方", body="<b>ＰＥＴ</b>ボトル")
    entry = entries_of(page).get()
    assert entry.title == "ゴミの出し方"
    assert entry.title_folded == "ごみの出し方"
    assert entry.body_text == "ＰＥＴボトル"  # shown text keeps its spelling
    assert "petぼとる" in entry.body_folded
    assert entry.language_code == "ja"
    assert entry.url_path == page.get_url()
    assert entry.content_type_label == "website.articlepage"
    assert entry.public_key == page.translation_key
    assert entry.text_language_code == ""


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
    assert not entries_of(draft).exists()


def test_unpublishing_removes_the_entry():
    """Unpublishing a page takes it out of the index."""
    home = f.site_home()
    page = f.add_article(home, title="公開終了")
    page.unpublish()
    assert not entries_of(page).exists()


def test_deleting_removes_the_entry():
    """Deleting a page takes it out of the index."""
    home = f.site_home()
    page = f.add_article(home, title="削除")
    page_id = page.pk
    page.delete()
    assert not SearchEntry.objects.filter(object_id=page_id).exists()
    assert SearchEntry.objects.filter(object_id=home.pk).exists()


def test_deleting_a_branch_removes_every_entry_below():
    """Deleting a section removes the entries of the pages under it as well."""
    home = f.site_home()
    section = f.add_article(home, title="分野")
    child = f.add_article(section, title="子ページ")
    ids = [section.pk, child.pk]
    assert SearchEntry.objects.filter(object_id__in=ids).count() == 2
    section.delete()
    assert not SearchEntry.objects.filter(object_id__in=ids).exists()


def test_republishing_refreshes_the_entry():
    """A new revision's title replaces the old one."""
    home = f.site_home()
    page = f.add_article(home, title="旧題")
    page.title = "新題"
    f.publish(page)
    assert entries_of(page).get().title == "新題"


def test_view_restriction_marks_the_branch_private(django_capture_on_commit_callbacks):
    """A password-protected page and its children are marked not public."""
    home = f.site_home()
    section = f.add_article(home, title="限定")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=section, restriction_type="password", password="secret-1234"
        )
    assert entries_of(section).get().is_public is False


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
    assert entries_of(orphan_home).exists()


def test_alias_is_indexed_in_its_own_language():
    """An untranslated page (alias) is found in the other language's index."""
    home = f.site_home()
    page = f.add_article(home, title="住民票", body="写しの請求")
    f.translate(home, "en", title="Home")
    en_alias = f.alias(page, "en")
    entry = entries_of(en_alias).get()
    assert entry.language_code == "en"
    assert entry.text_language_code == "ja"
    assert entry.public_key == page.translation_key
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


def test_drafts_are_not_found(home_page):
    """A page never published is not found."""
    f.add_article(home_page, title="下書きの税", live=False)
    assert titles("税") == []


def test_unpublished_pages_are_not_found(home_page):
    """A page taken offline is not found."""
    page = f.add_article(home_page, title="公開終了の税")
    page.unpublish()
    assert titles("税") == []


def test_private_pages_are_not_found(home_page, django_capture_on_commit_callbacks):
    """A page behind a view restriction is not found."""
    page = f.add_article(home_page, title="限定の税")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=page, restriction_type="password", password="secret-1234"
        )
    assert titles("税") == []


def test_search_is_scoped_to_the_language(home_page):
    """English search finds the English translation, not the Japanese page."""
    page = f.add_article(home_page, title="住民税", body="説明")
    f.translate(home_page, "en", title="Home")
    f.translate(page, "en", title="Resident tax", body=[f.paragraph("<p>Tax</p>")])
    assert titles("tax", "en") == ["Resident tax"]
    assert titles("tax", "ja") == []
    assert titles("住民税", "en") == []


def test_untranslated_page_is_found_in_other_language(home_page):
    """An alias of a Japanese page is found, in Japanese, from English."""
    page = f.add_article(home_page, title="住民票")
    f.translate(home_page, "en", title="Home")
    f.alias(page, "en")
    assert titles("住民票", "en") == ["住民票"]
