"""The CKAN Action API v3 actions we answer (all read-only, side-effect free).

Each action takes the request data (a dict, from the query string or a JSON
body) and an ``absolute`` URL builder and returns the ``result``; failures
raise :class:`ActionError` subclasses named after CKAN's error types, which
the view turns into CKAN's envelope and status code.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse

from cityhall.common.errors import ApplicationError
from cityhall.core.models import Department, Municipality
from cityhall.opendata import datastore
from cityhall.opendata.catalog_search import (
    FACET_LOOKUPS,
    CatalogSearch,
    SearchQueryError,
    catalog_search,
)
from cityhall.opendata.ckan.dictize import (
    group_dict,
    organization_dict,
    package_dict,
    resource_dict,
    tag_dict,
)
from cityhall.opendata.ckan.package_memo import package_dicts
from cityhall.opendata.errors import DatastoreQueryError
from cityhall.opendata.models import DatasetState, Group, Tag
from cityhall.opendata.selectors import (
    dataset_get_public,
    dataset_list_public,
    live_table_get_public,
    resource_get_public,
)

#: The CKAN API level we follow (reported by status_show).
CKAN_API_VERSION = "2.10.0"

UrlBuilder = Callable[[str], str]


class ActionError(Exception):
    """A CKAN action error: ``type`` is CKAN's ``__type``, ``status`` its HTTP code."""

    type = "Internal Server Error"
    status = 500

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotFound(ActionError):
    type = "Not Found Error"
    status = 404


class ValidationError(ActionError):
    type = "Validation Error"
    status = 409


class AuthorizationError(ActionError):
    type = "Authorization Error"
    status = 403


class SearchError(ActionError):
    type = "Search Query Error"
    status = 400


# -- parameter parsing --------------------------------------------------------


def _required(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if value in (None, ""):
        raise ValidationError("Missing value", {key: ["Missing value"]})
    return str(value)


def _int(data: dict[str, Any], key: str, default: int, *, minimum: int = 0) -> int:
    value = data.get(key, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError("Invalid integer", {key: ["Invalid integer"]}) from None
    if number < minimum:
        raise ValidationError(
            "Must be a natural number", {key: ["Must be a natural number"]}
        )
    return number


def _bool(data: dict[str, Any], key: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("true", "1", "yes", "on")


def _json_or_value(value: Any) -> Any:
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in ("{", "["):
            try:
                return json.loads(stripped)
            except ValueError:
                return value
    return value


def _list(value: Any) -> list[str]:
    value = _json_or_value(value)
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).split(",") if v.strip()]


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


# -- actions ------------------------------------------------------------------


def status_show(data: dict[str, Any], absolute: UrlBuilder) -> dict[str, Any]:
    municipality = Municipality.objects.first()
    return {
        "ckan_version": CKAN_API_VERSION,
        "site_title": municipality.name if municipality else "Cityhall",
        "site_description": "",
        "site_url": absolute("/"),
        "locale_default": settings.LANGUAGE_CODE,
        "error_emails_to": None,
        "extensions": ["datastore", "dcat", "cityhall"],
    }


def package_list(data: dict[str, Any], absolute: UrlBuilder) -> list[str]:
    names = dataset_list_public().order_by("name").values_list("name", flat=True)
    offset = _int(data, "offset", 0)
    if "limit" in data:
        limit = _int(data, "limit", 0)
        return list(names[offset : offset + limit])
    return list(names[offset:])


def package_show(data: dict[str, Any], absolute: UrlBuilder) -> dict[str, Any]:
    name_or_id = _required(data, "id")
    dataset = dataset_get_public(name_or_id=name_or_id)
    if dataset is None:
        raise NotFound("Dataset not found")
    return package_dict(dataset, absolute=absolute)


def package_search(data: dict[str, Any], absolute: UrlBuilder) -> dict[str, Any]:
    facet_fields = _list(data.get("facet.field"))
    search = CatalogSearch(
        q=str(data.get("q") or ""),
        fq=str(data.get("fq") or ""),
        sort=str(data.get("sort") or ""),
        rows=_int(data, "rows", 10),
        start=_int(data, "start", 0),
        facet_fields=facet_fields,
        facet_limit=_int(data, "facet.limit", 50, minimum=-1),
    )
    try:
        result = catalog_search(search=search, load_datasets=False)
    except SearchQueryError as error:
        raise SearchError(f"Search Query is invalid: {error.message}") from error
    except ApplicationError as error:  # the site search's query limits
        raise ValidationError(
            str(error.message), {"q": [str(error.message)]}
        ) from error
    titles = _facet_titles(result.facets, result.labels)
    return {
        "count": result.count,
        "sort": result.sort,
        "facets": {name: dict(values) for name, values in result.facets.items()},
        "search_facets": {
            name: {
                "title": name,
                "items": [
                    {
                        "name": value,
                        "display_name": titles.get((name, value), value),
                        "count": count,
                    }
                    for value, count in values
                ],
            }
            for name, values in result.facets.items()
        },
        "results": package_dicts(result.page_ids, absolute=absolute),
    }


def _facet_titles(
    facets: dict[str, list[tuple[str, int]]],
    labels: dict[str, dict[str, str]],
) -> dict[tuple[str, str], str]:
    # The organisations' names come with the search (labels); themes are looked up.
    titles: dict[tuple[str, str], str] = {
        (name, value): title
        for name, by_value in labels.items()
        for value, title in by_value.items()
    }
    if "groups" in facets:
        codes = [value for value, _count in facets["groups"]]
        for group in Group.objects.filter(code__in=codes):
            titles[("groups", group.code)] = group.name
    return titles


def _published_count() -> Count:
    return Count("datasets", filter=Q(datasets__state=DatasetState.PUBLISHED))


def organization_list(data: dict[str, Any], absolute: UrlBuilder) -> list[Any]:
    departments = (
        Department.objects.filter(datasets__state=DatasetState.PUBLISHED)
        .annotate(package_count=_published_count())
        .order_by("code")
        .distinct()
    )
    if _bool(data, "all_fields"):
        return [
            organization_dict(d, package_count=d.package_count) for d in departments
        ]
    return [d.code for d in departments]


def organization_show(data: dict[str, Any], absolute: UrlBuilder) -> dict[str, Any]:
    key = _required(data, "id")
    departments = Department.objects.annotate(package_count=_published_count())
    department = departments.filter(code=key).first()
    if department is None and (public_id := _uuid_or_none(key)) is not None:
        department = departments.filter(public_id=public_id).first()
    if department is None:
        raise NotFound("Organization not found")
    result = organization_dict(department, package_count=department.package_count)
    if _bool(data, "include_datasets", False):
        datasets = dataset_list_public().filter(organisation=department)[:1000]
        result["packages"] = [package_dict(d, absolute=absolute) for d in datasets]
    return result


def group_list(data: dict[str, Any], absolute: UrlBuilder) -> list[Any]:
    groups = Group.objects.annotate(package_count=_published_count()).order_by("code")
    if _bool(data, "all_fields"):
        return [group_dict(g, package_count=g.package_count) for g in groups]
    return [g.code for g in groups]


def group_show(data: dict[str, Any], absolute: UrlBuilder) -> dict[str, Any]:
    key = _required(data, "id")
    groups = Group.objects.annotate(package_count=_published_count())
    group = groups.filter(code=key).first()
    if group is None and (public_id := _uuid_or_none(key)) is not None:
        group = groups.filter(public_id=public_id).first()
    if group is None:
        raise NotFound("Group not found")
    result = group_dict(group, package_count=group.package_count)
    if _bool(data, "include_datasets", False):
        datasets = dataset_list_public().filter(groups=group)[:1000]
        result["packages"] = [package_dict(d, absolute=absolute) for d in datasets]
    return result


def tag_list(data: dict[str, Any], absolute: UrlBuilder) -> list[Any]:
    tags = (
        Tag.objects.filter(datasets__state=DatasetState.PUBLISHED)
        .distinct()
        .order_by("name")
    )
    query = str(data.get("query") or "")
    if query:
        tags = tags.filter(name__icontains=query)
    if _bool(data, "all_fields"):
        return [tag_dict(t) for t in tags]
    return [t.name for t in tags]


def resource_show(data: dict[str, Any], absolute: UrlBuilder) -> dict[str, Any]:
    resource = resource_get_public(resource_id=_required(data, "id"))
    if resource is None:
        raise NotFound("Resource was not found.")
    return resource_dict(resource, absolute=absolute)


def datastore_search(data: dict[str, Any], absolute: UrlBuilder) -> dict[str, Any]:
    resource_id = _required(data, "resource_id")
    live = live_table_get_public(resource_id=resource_id)
    if live is None:
        raise NotFound(f'Resource "{resource_id}" was not found.')
    filters_raw = _json_or_value(data.get("filters") or {})
    if not isinstance(filters_raw, dict):
        raise ValidationError("filters", {"filters": ["Not a json object"]})
    filters = {
        str(k): (v if isinstance(v, list) else [v]) for k, v in filters_raw.items()
    }
    q = _json_or_value(data.get("q") or "")
    if not isinstance(q, str | dict):
        raise ValidationError("q", {"q": ["Not a string or json object"]})
    fields = _list(data.get("fields")) if data.get("fields") else None
    sort_value = data.get("sort") or ""
    if isinstance(sort_value, list):
        sort_value = ",".join(str(v) for v in sort_value)
    limit = _int(data, "limit", datastore.DEFAULT_LIMIT)
    offset = _int(data, "offset", 0)
    if limit > datastore.ROWS_MAX:
        limit = datastore.ROWS_MAX
    query = datastore.DatastoreQuery(
        filters=filters,
        q=q if isinstance(q, dict) else str(q),
        fields=fields,
        sort=datastore.sort_parse(str(sort_value)),
        limit=limit,
        offset=offset,
        include_total=_bool(data, "include_total", True),
    )
    try:
        found = datastore.table_query(
            table=live.table,
            fields=live.fields,
            row_count=live.row_count,
            query=query,
        )
    except DatastoreQueryError as error:
        raise ValidationError(
            str(error.message), error.extra.get("errors", {})
        ) from error
    base = reverse("ckan_action", kwargs={"name": "datastore_search"})
    result: dict[str, Any] = {
        "include_total": query.include_total,
        "resource_id": str(live.resource_id),
        "fields": found.fields,
        "records_format": "objects",
        "records": found.records,
        "limit": limit,
        "offset": offset,
        "_links": {
            "start": f"{base}?resource_id={resource_id}",
            "next": f"{base}?resource_id={resource_id}&offset={offset + limit}",
        },
    }
    if filters:
        result["filters"] = filters_raw
    if q:
        result["q"] = q
    if sort_value:
        result["sort"] = sort_value
    if found.total is not None:
        result["total"] = found.total
        result["total_was_estimated"] = False
    return result


def help_show(data: dict[str, Any], absolute: UrlBuilder) -> str:
    """The documentation of an action (its docstring)."""
    name = _required(data, "name")
    action = ACTIONS.get(name)
    if action is None:
        raise NotFound("Action function not found")
    return (action.__doc__ or "").strip()


ACTIONS: dict[str, Callable[[dict[str, Any], UrlBuilder], Any]] = {
    "help_show": help_show,
    "status_show": status_show,
    "package_list": package_list,
    "package_show": package_show,
    "package_search": package_search,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "group_list": group_list,
    "group_show": group_show,
    "tag_list": tag_list,
    "resource_show": resource_show,
    "datastore_search": datastore_search,
}

__all__ = ["ACTIONS", "FACET_LOOKUPS", "ActionError"]
