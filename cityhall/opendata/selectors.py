"""Reads of the open-data catalogue.

The public (anonymous, CKAN API, DCAT, portal) sees published datasets only;
staff selectors take the user and scope by permission.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet

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


def dataset_get_public(*, name_or_id: str) -> Dataset | None:
    """A published dataset by CKAN ``name`` or by its UUID ``id``, or None."""
    datasets = dataset_list_public()
    try:
        return datasets.filter(public_id=uuid.UUID(str(name_or_id))).first()
    except ValueError:
        return datasets.filter(name=name_or_id).first()


def dataset_list_for_staff(*, user: Any) -> QuerySet[Dataset]:
    """Every dataset (drafts included) for staff who may manage open data."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Dataset.objects.none()
    if not (user.is_superuser or user.has_perm("opendata.change_dataset")):
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


def resource_versions(*, resource: Resource) -> QuerySet[ResourceVersion]:
    """Every upload of ``resource``, newest first, rejected ones included."""
    return resource.versions.select_related("created_by").order_by("-number")


def group_list_public() -> QuerySet[Group]:
    """Themes, in their display order."""
    return Group.objects.all()


def tag_list_public() -> QuerySet[Tag]:
    """Tags used by at least one published dataset."""
    return Tag.objects.filter(datasets__state=DatasetState.PUBLISHED).distinct()
