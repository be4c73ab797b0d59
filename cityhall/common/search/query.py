"""Reads of the site search index (selectors) and result snippets.

Matching is substring matching on folded text (NFKC, casefold, katakana →
hiragana), so one- and two-character words such as 税 or 住民 are found inside
unsegmented Japanese, and ＺＥＩ finds zei.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cityhall.common.models import SearchEntry
from cityhall.common.normalize import fold_for_search
from cityhall.common.search.errors import SearchQueryError

MAX_QUERY_LENGTH = 100
MAX_TERMS = 10
SNIPPET_CHARS = 120
# How much text to show before the first match, so the match has some context.
SNIPPET_LEAD_CHARS = 30


def search_query_clean(query: str) -> str:
    """The query without control and invisible format characters, stripped.

    A control character (``?q=%00``, a pasted tab or line break) separates
    words like a space; a format character (zero-width space, soft hyphen,
    byte-order mark) is dropped, since it sits invisibly inside a word. Neither
    is ever in the indexed text, and a NUL would otherwise reach the database's
    ``LIKE``: a query of nothing but such characters is an empty query.
    """
    kept: list[str] = []
    for char in query:
        category = unicodedata.category(char)
        if category == "Cc":
            kept.append(" ")
        elif category != "Cf":
            kept.append(char)
    return "".join(kept).strip()


def search_terms_parse(query: str) -> list[str]:
    """Split what a resident typed into folded search terms.

    The query is cleaned first (:func:`search_query_clean`). White space of any
    width separates terms (NFKC turns the ideographic space into an ordinary
    one). Duplicates are dropped. Raises :class:`SearchQueryError` for a query
    longer than ``MAX_QUERY_LENGTH`` characters or with more than ``MAX_TERMS``
    words; an empty list means there is nothing to search for.
    """
    query = search_query_clean(query)
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            _("Please shorten your search to %(max)d characters or fewer.")
            % {"max": MAX_QUERY_LENGTH},
            code="query_too_long",
            extra={"max_length": MAX_QUERY_LENGTH},
        )
    terms: list[str] = []
    for term in fold_for_search(query).split():
        if term not in terms:
            terms.append(term)
    if len(terms) > MAX_TERMS:
        raise SearchQueryError(
            _("Please search with %(max)d words or fewer.") % {"max": MAX_TERMS},
            code="too_many_terms",
            extra={"max_terms": MAX_TERMS},
        )
    return terms


def search_entries_for_query(
    *, terms: list[str], language_code: str
) -> QuerySet[SearchEntry]:
    """Public entries of one language whose title or text contains every term.

    Entries whose title contains more of the terms come first, then newer ones.
    ``terms`` come from :func:`search_terms_parse`; with no terms nothing matches.
    Entries are of any kind (pages, notices, datasets, …): each source keeps only
    what may be found in the index. The language's untranslated pages are
    indexed in that language with the Japanese text (``text_language_code``),
    so they are found here too.
    """
    entries = SearchEntry.objects.filter(language_code=language_code, is_public=True)
    if not terms:
        return entries.none()
    title_hits: Any = Value(0)
    for term in terms:
        entries = entries.filter(
            Q(title_folded__contains=term) | Q(body_folded__contains=term)
        )
        title_hits = title_hits + Case(
            When(title_folded__contains=term, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return entries.annotate(title_hits=title_hits).order_by(
        "-title_hits", F("date").desc(nulls_last=True), "title", "pk"
    )


@dataclass(frozen=True)
class _FoldedText:
    """Folded text that remembers which original character each folded one came
    from, so a match found in folded text can be marked in the original."""

    folded: str
    origin: list[int]

    @classmethod
    def of(cls, text: str) -> _FoldedText:
        chars: list[str] = []
        origin: list[int] = []
        for position, char in enumerate(text):
            for folded_char in fold_for_search(char):
                chars.append(folded_char)
                origin.append(position)
        return cls("".join(chars), origin)

    def spans(self, terms: list[str]) -> list[tuple[int, int]]:
        """Merged (start, end) spans of the original text that match a term."""
        found: list[tuple[int, int]] = []
        for term in terms:
            start = self.folded.find(term)
            while start != -1:
                end = start + len(term) - 1
                found.append((self.origin[start], self.origin[end] + 1))
                start = self.folded.find(term, start + len(term))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


def highlight(text: str, terms: list[str], *, limit: int | None = None) -> SafeString:
    """HTML-escaped ``text`` with every match of ``terms`` wrapped in ``<mark>``.

    With ``limit``, only an excerpt of about that many characters is returned,
    starting a little before the first match, with "…" where text was cut.
    """
    text = " ".join(text.split())
    spans = _FoldedText.of(text).spans(terms)
    start, end = 0, len(text)
    if limit is not None and len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - SNIPPET_LEAD_CHARS, len(text) - limit))
        end = start + limit
    html: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        html.append(escape(text[cursor:span_start]))
        html.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    html.append(escape(text[cursor:end]))
    if end < len(text):
        html.append("…")
    return mark_safe("".join(html))


def search_snippet(entry: SearchEntry, terms: list[str]) -> SafeString:
    """An excerpt of the entry's text around the first match, matches marked."""
    return highlight(entry.body_text, terms, limit=SNIPPET_CHARS)
