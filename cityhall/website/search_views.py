"""The site search page, ``/search/?q=`` (and ``/<lang>/search/``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET
from wagtail.coreutils import get_supported_content_language_variant

from cityhall.common.models import SearchEntry
from cityhall.common.search.errors import SearchQueryError
from cityhall.common.search.query import (
    MAX_QUERY_LENGTH,
    highlight,
    search_entries_for_query,
    search_query_clean,
    search_snippet,
    search_terms_parse,
)

RESULTS_PER_PAGE = 10


@dataclass(frozen=True)
class SearchResult:
    entry: SearchEntry
    title_html: SafeString
    snippet_html: SafeString
    kind: str


def _kind_label(label: str) -> str:
    """The result's kind in the reader's language ("News", "Dataset", …): the
    verbose name of the model named by the entry, whichever app owns it."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except LookupError:
        return ""


@require_GET
def search(request):
    """Search the public entries of the current language: pages and any other
    registered source's objects (see ADR 0003)."""
    # Control characters alone (?q=%00) make an empty query, as blanks do.
    query = search_query_clean(request.GET.get("q", ""))
    context = {
        "query": query,
        "max_query_length": MAX_QUERY_LENGTH,
        "error": None,
        "page_obj": None,
        "results": [],
        "page_numbers": [],
    }
    status = 200
    if query:
        try:
            terms = search_terms_parse(query)
        except SearchQueryError as error:
            context["error"] = error.message
            status = 400
        else:
            language = get_supported_content_language_variant(
                translation.get_language()
            )
            entries = search_entries_for_query(terms=terms, language_code=language)
            page_obj = Paginator(entries, RESULTS_PER_PAGE).get_page(
                request.GET.get("page")
            )
            context["page_obj"] = page_obj
            context["page_numbers"] = page_obj.paginator.get_elided_page_range(
                page_obj.number, on_each_side=2, on_ends=1
            )
            context["results"] = [
                SearchResult(
                    entry=entry,
                    title_html=highlight(entry.title, terms),
                    snippet_html=search_snippet(entry, terms),
                    kind=_kind_label(entry.content_type_label),
                )
                for entry in page_obj
            ]
    return render(request, "website/search.html", context, status=status)
