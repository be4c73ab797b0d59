"""Reads of the open-data catalogue.

The public (anonymous, CKAN API, DCAT, portal) sees published datasets only;
staff selectors take the user and scope by permission.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from cityhall.opendata.models import (
    Dataset,
    DatasetState,
    Group,
    Resource,
    ResourceVersion,
    Tag,
)


def _with_relations(datasets: QuerySet[Dataset]) -> QuerySet[Dataset]:
    return datasets.select_related("organisation").prefetch_related(
        "tags",
        "groups",
        Prefetch(
            "resources",
            queryset=Resource.objects.select_related("current_version").order_by(
                "position", "pk"
            ),
        ),
    )


def dataset_list_public() -> QuerySet[Dataset]:
    """Published datasets with organisation, tags, groups and resources loaded."""
    return _with_relations(Dataset.objects.filter(state=DatasetState.PUBLISHED))


def dataset_fingerprints_public(*, pks: list[int]) -> dict[int, tuple[Any, ...]]:
    """For each of these published datasets, the values that change whenever its
    CKAN package dict may change (one query; ``ckan.package_memo`` keys on them).

    The dataset's ``updated_at`` (services touch it on every edit of the
    dataset, its tags, groups and resources and every new live version), its
    division and that division's ``updated_at`` (a rename), and of its themes,
    tags and resources: how many, which (sum of ids) and the latest
    ``updated_at`` of themes and resources and the sum of the live version ids
    (``resource_delete`` clears the live version without a touch).

    Written as SQL: the ORM spent longer compiling the nine correlated
    subqueries than the database spent answering them. Timestamps come back as
    the backend gives them (text on SQLite): they are only compared for equality.
    """
    if not pks:
        return {}
    tags = Dataset.tags.through._meta.db_table
    groups = Dataset.groups.through._meta.db_table
    group = Group._meta.db_table
    resource = Resource._meta.db_table
    department = Dataset._meta.get_field("organisation").related_model._meta.db_table
    sql = f"""
        SELECT d.id, d.updated_at, d.organisation_id, o.updated_at,
          (SELECT COUNT(*) FROM {tags} t WHERE t.dataset_id = d.id),
          (SELECT SUM(t.tag_id) FROM {tags} t WHERE t.dataset_id = d.id),
          (SELECT COUNT(*) FROM {groups} g WHERE g.dataset_id = d.id),
          (SELECT SUM(g.group_id) FROM {groups} g WHERE g.dataset_id = d.id),
          (SELECT MAX(gg.updated_at) FROM {groups} g
             JOIN {group} gg ON gg.id = g.group_id WHERE g.dataset_id = d.id),
          (SELECT COUNT(*) FROM {resource} r WHERE r.dataset_id = d.id),
          (SELECT SUM(r.id) FROM {resource} r WHERE r.dataset_id = d.id),
          (SELECT MAX(r.updated_at) FROM {resource} r WHERE r.dataset_id = d.id),
          (SELECT SUM(r.current_version_id) FROM {resource} r
             WHERE r.dataset_id = d.id)
        FROM {Dataset._meta.db_table} d
        LEFT JOIN {department} o ON o.id = d.organisation_id
        WHERE d.state = %s AND d.id IN ({", ".join(["%s"] * len(pks))})
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [DatasetState.PUBLISHED, *pks])
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def dataset_get_public(*, name_or_id: str) -> Dataset | None:
    """A published dataset by CKAN ``name`` or by its UUID ``id``, or None."""
    datasets = dataset_list_public()
    try:
        return datasets.filter(public_id=uuid.UUID(str(name_or_id))).first()
    except ValueError:
        return datasets.filter(name=name_or_id).first()


def dataset_list_for_staff(*, user: Any) -> QuerySet[Dataset]:
    """Every dataset (drafts included) for staff who may manage open data."""
    from cityhall.opendata.permissions import can_manage_open_data

    if not can_manage_open_data(user):
        return Dataset.objects.none()
    return _with_relations(Dataset.objects.all())


def dataset_get_for_staff(*, user: Any, public_id: uuid.UUID) -> Dataset | None:
    """One dataset for staff who may manage open data, or None."""
    return dataset_list_for_staff(user=user).filter(public_id=public_id).first()


def resource_get_public(*, resource_id: str) -> Resource | None:
    """A resource of a published dataset by its UUID, or None."""
    try:
        public_id = uuid.UUID(str(resource_id))
    except ValueError:
        return None
    return (
        Resource.objects.select_related(
            "dataset", "dataset__organisation", "current_version"
        )
        .filter(public_id=public_id, dataset__state=DatasetState.PUBLISHED)
        .first()
    )


@dataclass(frozen=True)
class LiveTable:
    """Where a published resource's live rows are (for datastore queries)."""

    resource_id: uuid.UUID
    table: str
    fields: list[dict[str, Any]]
    row_count: int


def live_table_get_public(*, resource_id: str) -> LiveTable | None:
    """The live datastore table of a published resource, or None.

    One narrow query (no model instances): datastore_search runs it on every
    request.
    """
    try:
        public_id = uuid.UUID(str(resource_id))
    except ValueError:
        return None
    row = (
        Resource.objects.filter(
            public_id=public_id, dataset__state=DatasetState.PUBLISHED
        )
        .exclude(current_version__datastore_table="")
        .order_by()
        .values_list(
            "current_version__datastore_table",
            "current_version__fields",
            "current_version__row_count",
        )
        .first()
    )
    if row is None or not row[0]:
        return None
    return LiveTable(
        resource_id=public_id, table=row[0], fields=row[1], row_count=row[2]
    )


def resource_versions(*, resource: Resource) -> QuerySet[ResourceVersion]:
    """Every upload of ``resource``, newest first, rejected ones included."""
    return resource.versions.select_related("created_by").order_by("-number")


def group_list_public() -> QuerySet[Group]:
    """Themes, in their display order."""
    return Group.objects.all()


def tag_list_public() -> QuerySet[Tag]:
    """Tags used by at least one published dataset."""
    return Tag.objects.filter(datasets__state=DatasetState.PUBLISHED).distinct()


def located_rows_public(
    *, schema_key: str
) -> Iterator[tuple[Resource, dict[str, Any]]]:
    """Rows with coordinates of every live table that follows ``schema_key``
    in a published dataset, as ``(resource, {column: value})`` (for map layers).

    Coordinates are the ``緯度``/``経度`` (or latitude/longitude) columns; rows
    whose coordinates are not numbers in range are left out.
    """
    from cityhall.opendata import datastore
    from cityhall.opendata.downloads import coordinate_columns

    resources = (
        Resource.objects.filter(
            dataset__state=DatasetState.PUBLISHED,
            current_version__isnull=False,
        )
        .filter(Q(schema_key=schema_key) | Q(dataset__schema_key=schema_key))
        .exclude(current_version__datastore_table="")
        .select_related("dataset", "current_version")
        .order_by("dataset__name", "position", "pk")
    )
    for resource in resources:
        version = resource.current_version
        assert version is not None
        columns = coordinate_columns(version.fields)
        if columns is None:
            continue
        lat_index, lon_index = columns
        names = [field["name"] for field in version.fields]
        for row in datastore.table_rows(
            table=version.datastore_table, width=len(names)
        ):
            lat, lon = row[lat_index], row[lon_index]
            if not isinstance(lat, int | float) or not isinstance(lon, int | float):
                continue
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                continue
            yield resource, dict(zip(names, row, strict=True))
