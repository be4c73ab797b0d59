"""Portal pages: faceted catalogue search and dataset pages (thin: each calls
the catalogue's search or selectors and renders)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cityhall.common.errors import ApplicationError
from cityhall.common.search.query import MAX_QUERY_LENGTH, search_query_clean
from cityhall.core.models import Department
from cityhall.opendata import datastore, downloads
from cityhall.opendata.catalog_search import CatalogSearch, catalog_search
from cityhall.opendata.models import (
    LICENSE_URLS,
    Dataset,
    Group,
    License,
    Resource,
    UpdateFrequency,
)
from cityhall.opendata.selectors import dataset_get_public
from cityhall.opendata.table_schemas import table_schema_get

#: Datasets per result page.
PAGE_SIZE = 20
#: Rows shown in a table preview.
PREVIEW_ROWS = 10
#: URL parameter → catalogue facet, in the order the filters are shown.
FACETS = [
    ("organization", "organization"),
    ("group", "groups"),
    ("tag", "tags"),
    ("format", "res_format"),
    ("license", "license_id"),
]
FACET_LIMIT = 30


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class Facet:
    parameter: str
    title: str
    options: list[FacetOption]


def _facet_titles() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "organization": _("Division"),
        "group": _("Theme"),
        "tag": _("Tag"),
        "format": _("Format"),
        "license": _("Licence"),
    }


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _selected(request: HttpRequest) -> dict[str, list[str]]:
    return {
        parameter: [v for v in request.GET.getlist(parameter) if v][:5]
        for parameter, _facet in FACETS
    }


def _query_url(base: str, q: str, selected: dict[str, list[str]], **extra: Any) -> str:
    pairs: list[tuple[str, str]] = [("q", q)] if q else []
    for parameter, values in selected.items():
        pairs.extend((parameter, value) for value in values)
    pairs.extend((k, str(v)) for k, v in extra.items() if v)
    return base + ("?" + urlencode(pairs) if pairs else "")


def _labels(facets: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, str]]:
    """Display names of the facet values (two queries: divisions and themes)."""
    organisation_codes = [value for value, _n in facets.get("organization", [])]
    group_codes = [value for value, _n in facets.get("groups", [])]
    return {
        "organization": {
            d.code: d.display_name()
            for d in Department.objects.filter(code__in=organisation_codes)
        },
        "groups": {
            g.code: g.display_name() for g in Group.objects.filter(code__in=group_codes)
        },
        "license_id": {str(v): str(label) for v, label in License.choices},
    }


def _catalogue(
    request: HttpRequest,
    *,
    fixed: dict[str, str] | None = None,
    heading: str = "",
    template: str = "opendata/portal/index.html",
) -> HttpResponse:
    from django.utils.translation import gettext as _

    fixed = fixed or {}
    query = search_query_clean(request.GET.get("q", ""))[: MAX_QUERY_LENGTH * 2]
    selected = _selected(request)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    clauses = [
        f"{facet}:{_quoted(value)}"
        for parameter, facet in FACETS
        for value in [*selected[parameter], *([fixed[facet]] if facet in fixed else [])]
    ]
    # Words are searched as words: a colon must not turn them into field clauses.
    words = query.replace(":", " ")
    error = ""
    result = None
    try:
        result = catalog_search(
            search=CatalogSearch(
                q=words,
                fq=" ".join(clauses),
                rows=PAGE_SIZE,
                start=(page - 1) * PAGE_SIZE,
                facet_fields=[facet for _p, facet in FACETS],
                facet_limit=FACET_LIMIT,
            )
        )
    except ApplicationError as failure:
        error = str(failure.message)
    base = request.path
    facets: list[Facet] = []
    count = 0
    datasets: list[Dataset] = []
    if result is not None:
        count, datasets = result.count, result.datasets
        labels = _labels(result.facets)
        titles = _facet_titles()
        for parameter, facet in FACETS:
            if facet in fixed:
                continue
            options = []
            for value, number in result.facets.get(facet, []):
                chosen = value in selected[parameter]
                toggled = {
                    **selected,
                    parameter: [v for v in selected[parameter] if v != value]
                    if chosen
                    else [*selected[parameter], value],
                }
                options.append(
                    FacetOption(
                        value=value,
                        label=labels.get(facet, {}).get(value, value),
                        count=number,
                        selected=chosen,
                        url=_query_url(base, query, toggled),
                    )
                )
            if options:
                facets.append(Facet(parameter, titles[parameter], options))
    pages = max(1, math.ceil(count / PAGE_SIZE))
    context = {
        "query": query,
        "error": error,
        "count": count,
        "datasets": datasets,
        "facets": facets,
        "selected": selected,
        "heading": heading or _("Open data"),
        "page": page,
        "pages": pages,
        "previous_url": _query_url(base, query, selected, page=page - 1)
        if page > 1
        else "",
        "next_url": _query_url(base, query, selected, page=page + 1)
        if page < pages
        else "",
        "max_query_length": MAX_QUERY_LENGTH,
    }
    return render(request, template, context)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The catalogue: search words, filters by facet, 20 datasets a page."""
    return _catalogue(request)


@require_GET
def organisation(request: HttpRequest, code: str) -> HttpResponse:
    """The datasets of one division (担当課)."""
    department = Department.objects.filter(code=code, is_active=True).first()
    if department is None:
        raise Http404
    return _catalogue(
        request, fixed={"organization": code}, heading=department.display_name()
    )


@require_GET
def group(request: HttpRequest, code: str) -> HttpResponse:
    """The datasets of one theme."""
    theme = Group.objects.filter(code=code).first()
    if theme is None:
        raise Http404
    return _catalogue(request, fixed={"groups": code}, heading=theme.display_name())


@dataclass(frozen=True)
class ResourceView:
    resource: Resource
    downloads: list[tuple[str, str]]
    preview_fields: list[str]
    preview_rows: list[list[Any]]
    row_count: int
    schema_title: str


def _resource_view(resource: Resource) -> ResourceView:
    from django.utils.translation import gettext as _

    version = resource.current_version
    links: list[tuple[str, str]] = []
    fields: list[str] = []
    rows: list[list[Any]] = []
    if version is not None and version.datastore_table:
        args = [resource.public_id]
        links = [
            (_("CSV (UTF-8)"), reverse("opendata_download:resource_csv", args=args)),
            (
                _("CSV (Shift_JIS, for Excel)"),
                reverse("opendata_download:resource_csv_sjis", args=args),
            ),
            (_("JSON"), reverse("opendata_download:resource_json", args=args)),
        ]
        if downloads.has_coordinates(version):
            links.append(
                (
                    _("GeoJSON"),
                    reverse("opendata_download:resource_geojson", args=args),
                )
            )
        fields = [field["name"] for field in version.fields]
        preview = datastore.table_query(
            table=version.datastore_table,
            fields=version.fields,
            row_count=version.row_count,
            query=datastore.DatastoreQuery(
                filters={},
                q="",
                fields=fields,
                sort=[],
                limit=PREVIEW_ROWS,
                offset=0,
                include_total=False,
            ),
        )
        rows = [[record[name] for name in fields] for record in preview.records]
    elif version is not None and version.file:
        links = [
            (
                _("Original file (%(format)s)") % {"format": resource.format},
                reverse(
                    "opendata_download:resource_original", args=[resource.public_id]
                ),
            )
        ]
    schema = table_schema_get(resource.schema_key) if resource.schema_key else None
    return ResourceView(
        resource=resource,
        downloads=links,
        preview_fields=fields,
        preview_rows=rows,
        row_count=version.row_count if version else 0,
        schema_title=schema.title if schema else "",
    )


@require_GET
def dataset_detail(request: HttpRequest, name: str) -> HttpResponse:
    """One published dataset: metadata, resources with previews and downloads."""
    dataset = dataset_get_public(name_or_id=name)
    if dataset is None:
        raise Http404
    context = {
        "dataset": dataset,
        "resources": [_resource_view(r) for r in dataset.resources.all()],
        "license_label": License(dataset.license_id).label
        if dataset.license_id in License.values
        else dataset.license_id,
        "license_url": LICENSE_URLS.get(dataset.license_id, ""),
        "frequency_label": UpdateFrequency(dataset.update_frequency).label
        if dataset.update_frequency in UpdateFrequency.values
        else "",
        "datapackage_url": reverse(
            "opendata_download:datapackage_json", args=[dataset.name]
        ),
        "ckan_url": "/api/3/action/package_show?" + urlencode({"id": dataset.name}),
    }
    return render(request, "opendata/portal/dataset.html", context)
