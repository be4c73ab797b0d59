"""Writes of the catalogue: datasets, tags, groups (services).

Every service takes ``user`` (None for the platform itself: generators, demo
seeding, management commands); a user who may not manage open data is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhall.common.errors import PermissionDeniedError
from cityhall.common.normalize import fold_for_search
from cityhall.core.models import Department
from cityhall.opendata.errors import OpenDataError
from cityhall.opendata.models import (
    Dataset,
    DatasetState,
    Group,
    License,
    Tag,
    UpdateFrequency,
)
from cityhall.opendata.permissions import can_manage_open_data
from cityhall.opendata.search_index import dataset_search_entries_refresh
from cityhall.opendata.table_schemas import table_schema_get

#: CKAN's rule for package, group and organisation names.
NAME_RE = re.compile(r"[a-z0-9_-]{2,100}")

#: Fields :func:`dataset_update` may change.
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "title_translations",
        "notes",
        "notes_translations",
        "organisation",
        "license_id",
        "update_frequency",
        "contact_name",
        "contact_email",
        "contact_phone",
        "spatial",
        "spatial_bbox",
        "temporal_start",
        "temporal_end",
        "schema_key",
    }
)


def _check_user(user: Any) -> None:
    if user is not None and not can_manage_open_data(user):
        raise PermissionDeniedError(_("You may not manage open data."))


def _validate(dataset: Dataset) -> None:
    if not NAME_RE.fullmatch(dataset.name):
        raise OpenDataError(
            _(
                "The URL name must be 2 to 100 lower-case letters, digits, "
                "hyphens or underscores."
            ),
            code="invalid_name",
            extra={"field": "name"},
        )
    if not dataset.title.strip():
        raise OpenDataError(
            _("Please enter a title."), code="invalid_dataset", extra={"field": "title"}
        )
    if dataset.license_id not in License.values:
        raise OpenDataError(
            _("Unknown licence."), code="invalid_dataset", extra={"field": "license_id"}
        )
    if dataset.update_frequency not in UpdateFrequency.values:
        raise OpenDataError(
            _("Unknown update frequency."),
            code="invalid_dataset",
            extra={"field": "update_frequency"},
        )
    if dataset.schema_key and table_schema_get(dataset.schema_key) is None:
        raise OpenDataError(
            _("Unknown table schema."),
            code="unknown_schema",
            extra={"field": "schema_key"},
        )
    if (
        dataset.temporal_start
        and dataset.temporal_end
        and dataset.temporal_end < dataset.temporal_start
    ):
        raise OpenDataError(
            _("The end of the period covered is before its start."),
            code="invalid_dataset",
            extra={"field": "temporal_end"},
        )
    if dataset.spatial_bbox is not None:
        box = dataset.spatial_bbox
        if not (
            isinstance(box, list)
            and len(box) == 4
            and all(isinstance(v, int | float) for v in box)
            and -180 <= box[0] <= box[2] <= 180
            and -90 <= box[1] <= box[3] <= 90
        ):
            raise OpenDataError(
                _("The bounding box must be [west, south, east, north] in degrees."),
                code="invalid_dataset",
                extra={"field": "spatial_bbox"},
            )


def dataset_index_refresh(*, dataset: Dataset) -> None:
    """Recompute the folded search text of ``dataset`` (package_search, ADR 0003).

    Every language's title and description, tags, the 担当課 and theme names
    and resource names go into one folded text, so a search in any language
    finds the dataset. The dataset's site search entries follow the same
    changes (:mod:`cityhall.opendata.search_index`).
    """
    parts: list[str] = [dataset.name, dataset.title, dataset.notes]
    parts += list(dataset.title_translations.values())
    parts += list(dataset.notes_translations.values())
    parts += [tag.name for tag in dataset.tags.all()]
    for group in dataset.groups.all():
        parts += [group.name, *group.name_translations.values()]
    if dataset.organisation is not None:
        parts += [
            dataset.organisation.name,
            *dataset.organisation.name_translations.values(),
        ]
    for resource in dataset.resources.all():
        parts += [resource.name, *resource.name_translations.values(), resource.format]
    titles = [dataset.title, *dataset.title_translations.values()]
    Dataset.objects.filter(pk=dataset.pk).update(
        search_folded=fold_for_search("\n".join(p for p in parts if p)),
        title_folded=fold_for_search("\n".join(titles)),
    )
    dataset_search_entries_refresh(dataset=dataset)


def tags_get_or_create(*, names: Iterable[str]) -> list[Tag]:
    """Tags with these names (blank names skipped), created as needed."""
    tags = []
    for name in names:
        name = " ".join(name.split())[:100]
        if name:
            tags.append(Tag.objects.get_or_create(name=name)[0])
    return tags


def group_create(
    *,
    code: str,
    name: str,
    name_translations: dict[str, str] | None = None,
    description: str = "",
    description_translations: dict[str, str] | None = None,
    sort_order: int = 0,
    user: Any = None,
) -> Group:
    """Create a theme (分類); ``code`` is its CKAN group name."""
    _check_user(user)
    if not NAME_RE.fullmatch(code):
        raise OpenDataError(
            _(
                "The URL name must be 2 to 100 lower-case letters, digits, "
                "hyphens or underscores."
            ),
            code="invalid_name",
            extra={"field": "code"},
        )
    if Group.objects.filter(code=code).exists():
        raise OpenDataError(
            _("That URL name is already used."),
            code="name_taken",
            extra={"field": "code"},
        )
    return Group.objects.create(
        code=code,
        name=name,
        name_translations=name_translations or {},
        description=description,
        description_translations=description_translations or {},
        sort_order=sort_order,
    )


def dataset_create(
    *,
    name: str,
    title: str,
    organisation: Department | None,
    notes: str = "",
    title_translations: dict[str, str] | None = None,
    notes_translations: dict[str, str] | None = None,
    tags: Iterable[str] = (),
    groups: Iterable[Group] = (),
    license_id: str = License.CC_BY_4_0,
    update_frequency: str = UpdateFrequency.IRREGULAR,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    spatial: str = "",
    spatial_bbox: list[float] | None = None,
    temporal_start: dt.date | None = None,
    temporal_end: dt.date | None = None,
    schema_key: str = "",
    generator_key: str = "",
    user: Any = None,
) -> Dataset:
    """Create a dataset in the draft state (publish with :func:`dataset_publish`)."""
    _check_user(user)
    dataset = Dataset(
        name=name,
        title=title,
        title_translations=title_translations or {},
        notes=notes,
        notes_translations=notes_translations or {},
        organisation=organisation,
        license_id=license_id,
        update_frequency=update_frequency,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        spatial=spatial,
        spatial_bbox=spatial_bbox,
        temporal_start=temporal_start,
        temporal_end=temporal_end,
        schema_key=schema_key,
        generator_key=generator_key,
    )
    _validate(dataset)
    with transaction.atomic():
        if Dataset.objects.filter(name=name).exists():
            raise OpenDataError(
                _("That URL name is already used."),
                code="name_taken",
                extra={"field": "name"},
            )
        dataset.save()
        dataset.tags.set(tags_get_or_create(names=tags))
        dataset.groups.set(list(groups))
        dataset_index_refresh(dataset=dataset)
    return dataset


def dataset_update(
    *,
    dataset: Dataset,
    tags: Iterable[str] | None = None,
    groups: Iterable[Group] | None = None,
    user: Any = None,
    **changes: Any,
) -> Dataset:
    """Change a dataset's metadata (``changes``: fields in :data:`EDITABLE_FIELDS`)."""
    _check_user(user)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"dataset_update() cannot change {sorted(unknown)}")
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        for field, value in changes.items():
            setattr(locked, field, value)
        _validate(locked)
        locked.save()
        if tags is not None:
            locked.tags.set(tags_get_or_create(names=tags))
        if groups is not None:
            locked.groups.set(list(groups))
        dataset_index_refresh(dataset=locked)
    locked.refresh_from_db()
    return locked


def dataset_publish(*, dataset: Dataset, user: Any = None) -> Dataset:
    """Make a dataset public (portal, CKAN API, DCAT, site search). Safe to
    call twice."""
    _check_user(user)
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if locked.state != DatasetState.PUBLISHED:
            locked.state = DatasetState.PUBLISHED
            locked.published_at = locked.published_at or timezone.now()
            locked.save(update_fields=["state", "published_at", "updated_at"])
        dataset_search_entries_refresh(dataset=locked)
    return locked


def dataset_unpublish(*, dataset: Dataset, user: Any = None) -> Dataset:
    """Take a dataset back to draft: it disappears from the public catalogue
    and the site search."""
    _check_user(user)
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if locked.state != DatasetState.DRAFT:
            locked.state = DatasetState.DRAFT
            locked.save(update_fields=["state", "updated_at"])
        dataset_search_entries_refresh(dataset=locked)
    return locked


def dataset_touch(*, dataset: Dataset) -> None:
    """Mark the dataset as modified now (a resource changed)."""
    Dataset.objects.filter(pk=dataset.pk).update(updated_at=timezone.now())
