"""Searching the catalogue (package_search and the portal's faceted search).

Words are matched as substrings of each dataset's folded text (NFKC, case,
katakana → hiragana; the folding of the site search, ADR 0003), so one- and
two-character Japanese words such as 水 or 避難 find their datasets, which
CKAN's default Solr set-up does not. ``fq`` takes CKAN/Solr-style
``field:value`` clauses on the facet fields.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from cityhall.common.search.query import search_terms_parse
from cityhall.opendata.errors import OpenDataError
from cityhall.opendata.models import Dataset, Group, Resource, Tag
from cityhall.opendata.selectors import dataset_list_public

#: Facet name → the lookup that filters datasets by one value.
FACET_LOOKUPS = {
    "organization": "organisation__code",
    "groups": "groups__code",
    "tags": "tags__name",
    "res_format": "resources__format",
    "license_id": "license_id",
}
#: Facets with one value per dataset: counted from the matches' own columns.
#: Facet name → its value column and, where there is one, its title column.
SINGLE_VALUED_FACETS = {
    "organization": ["organisation__code", "organisation__name"],
    "license_id": ["license_id"],
}
#: Further fq fields that filter but are not facets.
FILTER_LOOKUPS = {
    **FACET_LOOKUPS,
    "name": "name",
    "id": "public_id",
    "frequency": "update_frequency",
    "schema": "schema_key",
}
SORTS = {
    "score": "score",
    "metadata_modified": "updated_at",
    "metadata_created": "created_at",
    "name": "name",
    "title_string": "title",
}
MAX_ROWS = 1000
DEFAULT_ROWS = 10

_CLAUSE = re.compile(r'([+-]?)([A-Za-z_.]+):(?:"((?:[^"\\]|\\.)*)"|(\S+))')


class SearchQueryError(OpenDataError):
    """A query, fq or sort the search cannot use (CKAN's Search Query Error)."""

    code = "search_query_error"
    status = 400


@dataclass
class CatalogSearch:
    q: str = ""
    fq: str = ""
    sort: str = ""
    rows: int = DEFAULT_ROWS
    start: int = 0
    facet_fields: list[str] = field(default_factory=list)
    facet_limit: int = 50


@dataclass
class CatalogResult:
    count: int
    datasets: list[Dataset]
    facets: dict[str, list[tuple[str, int]]]
    sort: str
    #: Facet name → {value: title} where the search had the titles at hand
    #: (the organisation's name for each code).
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The page's dataset pks in result order (``datasets`` is empty when the
    #: caller asked not to load them).
    page_ids: list[int] = field(default_factory=list)


def _filter_clauses(text: str) -> tuple[Q, str]:
    """Apply ``field:value`` clauses; returns the filter and the remaining words."""
    condition = Q()
    rest = []
    position = 0
    for match in _CLAUSE.finditer(text):
        rest.append(text[position : match.start()])
        position = match.end()
        sign, name, quoted, bare = match.groups()
        value = quoted if quoted is not None else bare
        value = value.replace('\\"', '"')
        if name == "*" or (name, value) == ("*", "*"):
            continue
        lookup = FILTER_LOOKUPS.get(name)
        if lookup is None:
            raise SearchQueryError(
                _("Cannot search on field %(name)s.") % {"name": name},
            )
        clause = Q(**{lookup: value})
        condition &= ~clause if sign == "-" else clause
    rest.append(text[position:])
    remaining = " ".join("".join(rest).replace("*:*", " ").split())
    return condition, remaining


def _order(sort: str) -> tuple[list[Any], str]:
    sort = sort.strip() or "score desc, metadata_modified desc"
    order: list[Any] = []
    for part in sort.split(","):
        words = part.split()
        if not words:
            continue
        name = words[0]
        direction = words[1].lower() if len(words) > 1 else "asc"
        if name not in SORTS or direction not in ("asc", "desc"):
            raise SearchQueryError(
                _("Cannot sort by %(sort)s.") % {"sort": part.strip()}
            )
        column = F(SORTS[name])
        order.append(column.desc() if direction == "desc" else column.asc())
    order.append(F("name").asc())
    return order, sort


def catalog_search(
    *, search: CatalogSearch, load_datasets: bool = True
) -> CatalogResult:
    """Published datasets matching ``search``, counted and faceted.

    With ``load_datasets=False`` only the page's pks are returned (``page_ids``)
    and the caller loads what it needs (``package_search`` takes its package
    dicts from a memo, :mod:`cityhall.opendata.ckan.package_memo`).

    Raises :class:`SearchQueryError` for a field or sort it does not know, and
    the site search's error for an over-long query.
    """
    if not 0 <= search.rows <= MAX_ROWS or search.start < 0:
        raise SearchQueryError(
            _("rows must be between 0 and %(max)d and start at least 0.")
            % {"max": MAX_ROWS}
        )
    unknown = [f for f in search.facet_fields if f not in FACET_LOOKUPS]
    if unknown:
        raise SearchQueryError(
            _("Cannot facet on %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    q_filter, words = _filter_clauses(search.q)
    fq_filter, fq_words = _filter_clauses(search.fq)
    if fq_words:
        raise SearchQueryError(_("fq must be field:value clauses."))
    terms = search_terms_parse(words)
    matching: QuerySet[Dataset] = Dataset.objects.filter(state="published")
    for term in terms:
        matching = matching.filter(search_folded__contains=term)
    if q_filter or fq_filter:
        # A clause on a many-valued relation (tags, groups, formats) joins it:
        # filter through a subquery so that each dataset still counts once.
        ids = matching.filter(q_filter).filter(fq_filter).values("pk")
        matching = Dataset.objects.filter(pk__in=ids)

    score: Any = Value(0)
    for term in terms:
        score = score + Case(
            When(title_folded__contains=term, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    order, sort = _order(search.sort)
    if not terms:
        # Every score is the same constant then; PostgreSQL would read a
        # constant in ORDER BY as a column position.
        order = [o for o in order if getattr(o.expression, "name", "") != "score"]
    # One query returns every match in result order: its length is the count,
    # a slice is the page, and the facets with one value per dataset
    # (organisation, licence) are counted from extra columns. The substring scan
    # reads every dataset anyway, so carrying the matches back costs about what a
    # second COUNT query would, and each query saved is ORM work saved.
    columns = ["pk"]
    for name in search.facet_fields:
        columns += [c for c in SINGLE_VALUED_FACETS.get(name, []) if c not in columns]
    at = {column: index for index, column in enumerate(columns)}
    ranked = list(matching.annotate(score=score).order_by(*order).values_list(*columns))
    page_ids = [row[0] for row in ranked[search.start : search.start + search.rows]]
    datasets: list[Dataset] = []
    if page_ids and load_datasets:
        by_pk = {d.pk: d for d in dataset_list_public().filter(pk__in=page_ids)}
        datasets = [by_pk[pk] for pk in page_ids if pk in by_pk]

    facets: dict[str, list[tuple[str, int]]] = {}
    labels: dict[str, dict[str, str]] = {}
    for name in search.facet_fields:
        if name in SINGLE_VALUED_FACETS:
            value_column, *title_column = SINGLE_VALUED_FACETS[name]
            v = at[value_column]
            counts = Counter(row[v] for row in ranked if row[v] is not None)
            facets[name] = _top(counts.items(), search.facet_limit)
            if title_column:
                t = at[title_column[0]]
                labels[name] = {row[v]: row[t] for row in ranked if row[v] is not None}
        elif ranked:
            facets[name] = _facet(name, matching, search.facet_limit)
        else:
            facets[name] = []
    return CatalogResult(
        count=len(ranked),
        datasets=datasets,
        facets=facets,
        sort=sort,
        labels=labels,
        page_ids=page_ids,
    )


def _top(rows: Any, limit: int) -> list[tuple[str, int]]:
    """Facet values by count (most first), then by value; ``limit`` < 0 is all."""
    counted = sorted(((str(v), int(n)) for v, n in rows), key=lambda x: (-x[1], x[0]))
    return counted[: limit if limit >= 0 else None]


def _facet(name: str, matching: QuerySet[Dataset], limit: int) -> list[tuple[str, int]]:
    """Counts of a many-valued facet (tags, groups, formats) over the matches."""
    rows: Any
    if name == "tags":
        rows = (
            Tag.objects.filter(datasets__in=matching)
            .order_by()
            .values_list("name")
            .annotate(n=Count("datasets"))
        )
    elif name == "groups":
        rows = (
            Group.objects.filter(datasets__in=matching)
            .order_by()
            .values_list("code")
            .annotate(n=Count("datasets"))
        )
    else:  # res_format: datasets having at least one resource of the format
        rows = (
            Resource.objects.filter(dataset__in=matching)
            .order_by()
            .values_list("format")
            .annotate(n=Count("dataset", distinct=True))
        )
    return _top(rows, limit)
