"""Japanese substring search over the index: terms, folding, ranking, scoping."""

from __future__ import annotations

import datetime as dt

import pytest
from wagtail.models import PageViewRestriction

from cityhall.api.tests import factories as f
from cityhall.common.search.errors import SearchQueryError
from cityhall.common.search.query import (
    MAX_QUERY_LENGTH,
    highlight,
    search_entries_for_query,
    search_query_clean,
    search_terms_parse,
)


def titles(query: str, language: str = "ja") -> list[str]:
    entries = search_entries_for_query(
        terms=search_terms_parse(query), language_code=language
    )
    return [entry.title for entry in entries]


@pytest.fixture
def home(db):
    return f.site_home()


@pytest.fixture
def pages(home):
    f.add_article(home, title="住民税の納付", body="市県民税は年4回に分けて納めます。")
    f.add_article(home, title="固定資産税", body="土地と家屋にかかる税です。")
    f.add_article(home, title="住民票の写し", body="窓口またはコンビニで取れます。")
    f.add_article(home, title="ゴミの出し方", body="カタカナのペットボトルはＰＥＴ。")
    return home


def test_single_character_term_is_found_inside_words(pages):
    """税 (one character) finds every page containing it, even mid-word."""
    assert set(titles("税")) == {"住民税の納付", "固定資産税"}


def test_two_character_term_is_found(pages):
    """住民 (two characters) finds 住民税 and 住民票."""
    assert set(titles("住民")) == {"住民税の納付", "住民票の写し"}


def test_longer_term_is_found_in_body(pages):
    """A longer phrase found only in the body still matches."""
    assert titles("コンビニで取れます") == ["住民票の写し"]


def test_every_term_must_match(pages):
    """Terms separated by a full-width space are ANDed."""
    assert titles("住民\u3000写し") == ["住民票の写し"]


def test_hiragana_query_finds_katakana_text(pages):
    """ぺっとぼとる finds ペットボトル."""
    assert titles("ぺっとぼとる") == ["ゴミの出し方"]


def test_katakana_query_finds_hiragana_title(home):
    """ゴミ (katakana) finds ごみ (hiragana) and the other way round."""
    f.add_article(home, title="ごみカレンダー")
    assert titles("ゴミ") == ["ごみカレンダー"]


def test_half_width_query_finds_full_width_text(pages):
    """pet (half-width, lower case) finds ＰＥＴ (full-width)."""
    assert titles("pet") == ["ゴミの出し方"]


def test_full_width_query_finds_half_width_text(home):
    """ＺＥＩ (full-width) finds zei."""
    f.add_article(home, title="About zei")
    assert titles("ＺＥＩ") == ["About zei"]


def test_title_matches_rank_above_body_matches(home):
    """A page with the word in its title comes before one with it in the body,
    even when the body match is newer."""
    f.add_article(home, title="お知らせ", body="住民税の話です")
    f.add_article(home, title="住民税", body="説明")
    assert titles("住民税") == ["住民税", "お知らせ"]


def test_newer_pages_first_among_equal_matches(home):
    """Among pages matching the same way, the newer date comes first."""
    index = f.add_news_index(home)
    f.add_news(index, title="古い税", date=dt.date(2024, 1, 1))
    f.add_news(index, title="新しい税", date=dt.date(2025, 1, 1))
    assert titles("税") == ["新しい税", "古い税"]


def test_drafts_are_not_found(home):
    """A page never published is not found."""
    f.add_article(home, title="下書きの税", live=False)
    assert titles("税") == []


def test_unpublished_pages_are_not_found(home):
    """A page taken offline is not found."""
    page = f.add_article(home, title="公開終了の税")
    page.unpublish()
    assert titles("税") == []


def test_private_pages_are_not_found(home, django_capture_on_commit_callbacks):
    """A page behind a view restriction is not found."""
    page = f.add_article(home, title="限定の税")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=page, restriction_type="password", password="secret-1234"
        )
    assert titles("税") == []


def test_search_is_scoped_to_the_language(home):
    """English search finds the English translation, not the Japanese page."""
    page = f.add_article(home, title="住民税", body="説明")
    f.translate(home, "en", title="Home")
    f.translate(page, "en", title="Resident tax", body=[f.paragraph("<p>Tax</p>")])
    assert titles("tax", "en") == ["Resident tax"]
    assert titles("tax", "ja") == []
    assert titles("住民税", "en") == []


def test_untranslated_page_is_found_in_other_language(home):
    """An alias of a Japanese page is found, in Japanese, from English."""
    page = f.add_article(home, title="住民票")
    f.translate(home, "en", title="Home")
    f.alias(page, "en")
    assert titles("住民票", "en") == ["住民票"]


def test_query_count_is_bounded(pages, django_assert_num_queries):
    """A search is one query whatever the number of terms and matches."""
    with django_assert_num_queries(1):
        titles("住民 税 の")


def test_too_long_query_is_rejected():
    """A query over the maximum length raises a clear error."""
    with pytest.raises(SearchQueryError) as raised:
        search_terms_parse("税" * (MAX_QUERY_LENGTH + 1))
    assert raised.value.code == "query_too_long"


def test_blank_query_has_no_terms():
    """White space only (any width) gives no terms."""
    assert search_terms_parse(" \u3000 ") == []


def test_highlight_marks_matches_in_original_spelling():
    """The match is marked in the text as written, and the text is escaped."""
    html = highlight("<b>ペットボトル</b>", ["ぺっと"])
    assert html == "&lt;b&gt;<mark>ペット</mark>ボトル&lt;/b&gt;"


def test_highlight_excerpt_starts_near_the_first_match():
    """A long text is cut to an excerpt that contains the first match."""
    text = "あ" * 300 + "住民税" + "い" * 300
    html = highlight(text, ["住民税"], limit=60)
    assert html.startswith("…")
    assert html.endswith("…")
    assert "<mark>住民税</mark>" in html


@pytest.mark.parametrize(
    "query", ["\x00", "\x00\x00", "\x01\x1f", "\x7f", "\x85", "\t\r\n", "\u200b\ufeff"]
)
def test_control_characters_alone_give_no_terms(query):
    """NUL and other control or invisible format characters are an empty
    query, like blanks: nothing to search for."""
    assert search_terms_parse(query) == []


def test_control_characters_alone_match_no_page(pages):
    """?q=%00 used to match every page; now it matches none."""
    assert titles("\x00") == []
    assert titles("住民") != []


def test_control_character_separates_words_and_format_character_is_dropped():
    """A control character between words acts as a space; a zero-width space
    inside a word is ignored."""
    assert search_terms_parse("住民\x00写し") == search_terms_parse("住民 写し")
    assert search_terms_parse("住\u200b民\u00ad税") == search_terms_parse("住民税")


def test_query_is_cleaned_of_control_characters():
    """The cleaned query is what the search page shows back."""
    assert search_query_clean("\x00 住民\x07税 \ufeff") == "住民 税"
