"""Japanese substring search over the index: terms, folding, ranking, scoping.

The entries here index plain objects (auth groups) through the generic
indexing service, as any app's source would; pages are tested in website.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

import pytest
from django.contrib.auth.models import Group

from cityhall.common.models import SearchEntry
from cityhall.common.search import sources
from cityhall.common.search.errors import SearchQueryError
from cityhall.common.search.indexing import (
    SearchDocument,
    search_entries_remove,
    search_entries_replace,
    search_index_rebuild,
)
from cityhall.common.search.query import (
    MAX_QUERY_LENGTH,
    highlight,
    search_entries_for_query,
    search_query_clean,
    search_terms_parse,
)
from cityhall.common.search.sources import (
    SearchSource,
    search_source_register,
    search_sources,
)

_numbers = itertools.count(1)


def index(
    title: str,
    body: str = "",
    *,
    language: str = "ja",
    date: dt.date | None = None,
    is_public: bool = True,
) -> Group:
    """An object with one search entry, written through the indexing service."""
    obj = Group.objects.create(name=f"searchable-{next(_numbers)}")
    search_entries_replace(
        obj=obj,
        documents=[
            SearchDocument(
                language_code=language,
                url_path=f"/things/{obj.pk}/",
                title=title,
                body=body,
                public_key=uuid.uuid4(),
                kind="auth.group",
                date=date,
                is_public=is_public,
            )
        ],
    )
    return obj


def titles(query: str, language: str = "ja") -> list[str]:
    entries = search_entries_for_query(
        terms=search_terms_parse(query), language_code=language
    )
    return [entry.title for entry in entries]


@pytest.fixture
def pages(db):
    index("住民税の納付", "市県民税は年4回に分けて納めます。")
    index("固定資産税", "土地と家屋にかかる税です。")
    index("住民票の写し", "窓口またはコンビニで取れます。")
    index("ゴミの出し方", "カタカナのペットボトルはＰＥＴ。")


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


@pytest.mark.django_db
def test_katakana_query_finds_hiragana_title():
    """ゴミ (katakana) finds ごみ (hiragana) and the other way round."""
    index("ごみカレンダー")
    assert titles("ゴミ") == ["ごみカレンダー"]


def test_half_width_query_finds_full_width_text(pages):
    """pet (half-width, lower case) finds ＰＥＴ (full-width)."""
    assert titles("pet") == ["ゴミの出し方"]


@pytest.mark.django_db
def test_full_width_query_finds_half_width_text():
    """ＺＥＩ (full-width) finds zei."""
    index("About zei")
    assert titles("ＺＥＩ") == ["About zei"]


@pytest.mark.django_db
def test_title_matches_rank_above_body_matches():
    """An entry with the word in its title comes before one with it in the
    body, even when the body match is newer."""
    index("お知らせ", "住民税の話です", date=dt.date(2025, 1, 1))
    index("住民税", "説明", date=dt.date(2024, 1, 1))
    assert titles("住民税") == ["住民税", "お知らせ"]


@pytest.mark.django_db
def test_newer_entries_first_among_equal_matches():
    """Among entries matching the same way, the newer date comes first, and
    undated ones last."""
    index("日付なしの税")
    index("古い税", date=dt.date(2024, 1, 1))
    index("新しい税", date=dt.date(2025, 1, 1))
    assert titles("税") == ["新しい税", "古い税", "日付なしの税"]


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


@pytest.mark.django_db
def test_private_entries_are_not_found():
    """An entry its source marks as not public is not found."""
    index("限定の税", is_public=False)
    index("公開の税")
    assert titles("税") == ["公開の税"]


@pytest.mark.django_db
def test_search_is_scoped_to_the_language():
    """An entry is found only in its own language."""
    index("Resident tax", language="en")
    index("住民税")
    assert titles("tax", "en") == ["Resident tax"]
    assert titles("tax", "ja") == []
    assert titles("住民税", "en") == []


@pytest.mark.django_db
def test_replacing_documents_updates_and_drops_languages():
    """Indexing an object again replaces its entries: a changed title is
    found, a language no longer given is removed."""
    obj = index("旧題", language="en")
    search_entries_replace(
        obj=obj,
        documents=[
            SearchDocument(
                language_code="ja",
                url_path="/x/",
                title="新題",
                body="",
                public_key=uuid.uuid4(),
                kind="auth.group",
            )
        ],
    )
    assert list(SearchEntry.objects.values_list("language_code", "title")) == [
        ("ja", "新題")
    ]


@pytest.mark.django_db
def test_removing_entries_by_id():
    """An object's entries go when it is removed from the index (by id, so
    after the object itself is gone)."""
    obj = index("削除する税")
    kept = index("残る税")
    assert search_entries_remove(model=Group, object_ids=[obj.pk]) == 1
    assert titles("税") == ["残る税"]
    assert search_entries_remove(model=Group, object_ids=[obj.pk]) == 0
    assert titles("残る") == [SearchEntry.objects.get(object_id=kept.pk).title]


@pytest.mark.django_db
def test_rebuild_calls_every_registered_source():
    """Rebuilding empties the index and lets each source index its objects."""
    index("古い索引の税")

    def groups_rebuild() -> int:
        index("再構築の税")
        return 1

    before = {source.name: source for source in search_sources()}
    search_source_register(SearchSource(name="test-groups", rebuild=groups_rebuild))
    try:
        count = search_index_rebuild()
    finally:
        sources._sources.clear()
        sources._sources.update(before)
    assert titles("再構築") == ["再構築の税"]
    assert titles("古い索引") == []
    assert count >= 1


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
