"""Search query parsing limits and the highlighted snippet, at their edges."""

from __future__ import annotations

import pytest

from cityhall.common.models import SearchEntry
from cityhall.common.search.errors import SearchQueryError
from cityhall.common.search.query import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    SNIPPET_CHARS,
    SNIPPET_LEAD_CHARS,
    highlight,
    search_snippet,
    search_terms_parse,
)

# --- Parsing ------------------------------------------------------------------


def test_query_of_the_maximum_length_is_accepted():
    """Exactly MAX_QUERY_LENGTH characters is still a query."""
    assert search_terms_parse("税" * MAX_QUERY_LENGTH) == ["税" * MAX_QUERY_LENGTH]


def test_surrounding_spaces_do_not_count_towards_the_length():
    """Spaces around the query are dropped before its length is checked."""
    query = "  " + "税" * MAX_QUERY_LENGTH + "\u3000 "
    assert search_terms_parse(query) == ["税" * MAX_QUERY_LENGTH]


def test_too_long_query_names_the_limit():
    """The error for a long query carries its code and the limit."""
    with pytest.raises(SearchQueryError) as raised:
        search_terms_parse("a" * (MAX_QUERY_LENGTH + 1))
    assert raised.value.code == "query_too_long"
    assert raised.value.extra == {"max_length": MAX_QUERY_LENGTH}
    assert str(MAX_QUERY_LENGTH) in raised.value.message


def test_the_maximum_number_of_terms_is_accepted():
    """MAX_TERMS words are searched for, in the order typed."""
    words = [f"w{n}" for n in range(MAX_TERMS)]
    assert search_terms_parse(" ".join(words)) == words


def test_one_term_too_many_is_refused_with_the_limit():
    """One word more than MAX_TERMS is refused, naming the limit."""
    words = [f"w{n}" for n in range(MAX_TERMS + 1)]
    with pytest.raises(SearchQueryError) as raised:
        search_terms_parse(" ".join(words))
    assert raised.value.code == "too_many_terms"
    assert raised.value.extra == {"max_terms": MAX_TERMS}
    assert str(MAX_TERMS) in raised.value.message


def test_repeated_words_count_once():
    """A word typed twice is one term, also for the limit."""
    words = [f"w{n}" for n in range(MAX_TERMS)]
    assert search_terms_parse(" ".join([*words, "W0", "ｗ1"])) == words


def test_terms_are_folded_and_split_on_any_space():
    """Terms are NFKC-folded, lower-cased, in hiragana, split on any spaces."""
    assert search_terms_parse("ＺＥＩ\u3000ゴミ  税") == ["zei", "ごみ", "税"]


# --- Highlighting --------------------------------------------------------------


def test_every_occurrence_is_marked():
    """Each occurrence of a term is marked, not only the first."""
    assert highlight("税と税", ["税"]) == "<mark>税</mark>と<mark>税</mark>"


def test_overlapping_and_touching_matches_are_one_mark():
    """Matches that overlap or touch are merged into one mark."""
    assert highlight("abcd", ["ab", "bc"]) == "<mark>abc</mark>d"
    assert highlight("abcd", ["ab", "cd"]) == "<mark>abcd</mark>"
    assert highlight("abcde", ["bcd", "c"]) == "a<mark>bcd</mark>e"


def test_match_of_a_folded_character_marks_the_original():
    """A character that folds into several (㍻ → 平成) is marked whole."""
    assert highlight("㍻元年", ["平成"]) == "<mark>㍻</mark>元年"
    assert highlight("㍻元年", ["成元"]) == "<mark>㍻元</mark>年"


def test_text_without_matches_is_escaped_whole():
    """Without a match the text is returned escaped, with inner spaces folded."""
    assert highlight(" a <b>\n\n c ", ["zzz"]) == "a &lt;b&gt; c"


def test_short_text_is_not_cut():
    """A text no longer than the limit is shown whole, without "…"."""
    text = "a" * 10 + "税"
    assert highlight(text, ["税"], limit=len(text)) == "a" * 10 + "<mark>税</mark>"


def test_excerpt_starts_a_little_before_the_first_match():
    """The excerpt starts SNIPPET_LEAD_CHARS before the first match and is
    ``limit`` characters long, with "…" on each cut side."""
    text = "a" * 100 + "税" + "b" * 100
    html = highlight(text, ["税"], limit=50)
    lead = "a" * SNIPPET_LEAD_CHARS
    tail = "b" * (50 - SNIPPET_LEAD_CHARS - 1)
    assert html == f"…{lead}<mark>税</mark>{tail}…"


def test_excerpt_near_the_end_shows_the_last_characters():
    """A match near the end gives an excerpt ending with the text, no "…" after."""
    text = "a" * 100 + "税" + "b" * 5
    html = highlight(text, ["税"], limit=40)
    assert html == "…" + "a" * 34 + "<mark>税</mark>" + "b" * 5


def test_excerpt_near_the_start_starts_at_the_beginning():
    """A match near the start gives an excerpt from the first character."""
    text = "a" * 5 + "税" + "b" * 100
    html = highlight(text, ["税"], limit=20)
    assert html == "a" * 5 + "<mark>税</mark>" + "b" * 14 + "…"


def test_excerpt_without_a_match_is_the_beginning():
    """Without a match, the excerpt is the first ``limit`` characters."""
    assert highlight("abcdefghij", ["zzz"], limit=4) == "abcd…"


def test_marks_outside_the_excerpt_are_left_out_and_cut_marks_clipped():
    """Matches beyond the excerpt are not shown; a match cut by the excerpt's
    end is marked up to the cut."""
    text = "税" + "a" * 8 + "住民税" + "a" * 50 + "税"
    html = highlight(text, ["税", "住民税"], limit=11)
    assert html == "<mark>税</mark>" + "a" * 8 + "<mark>住民</mark>…"


def test_snippet_is_an_excerpt_of_the_page_text():
    """The result snippet is a SNIPPET_CHARS excerpt of the page's text."""
    entry = SearchEntry(body_text="x" * 200 + " 住民税 " + "y" * 200)
    html = search_snippet(entry, ["住民税"])
    plain = html.replace("<mark>", "").replace("</mark>", "").strip("…")
    assert "<mark>住民税</mark>" in html
    assert len(plain) == SNIPPET_CHARS
