"""Keeping platform-generated datasets current (:mod:`cityhall.opendata.generators`)."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from typing import Any

from django.db import transaction

from cityhall.core.models import Department
from cityhall.opendata.generators import DatasetGenerator, dataset_generators
from cityhall.opendata.models import (
    Dataset,
    GeneratedDatasetRun,
    Group,
    ResourceFormat,
    UpdateFrequency,
    VersionStatus,
)
from cityhall.opendata.services.datasets import dataset_create, dataset_publish
from cityhall.opendata.services.resources import resource_create, resource_upload
from cityhall.opendata.table_schemas import table_schema_get

logger = logging.getLogger(__name__)


def _columns(generator: DatasetGenerator) -> list[str]:
    if generator.schema_key:
        schema = table_schema_get(generator.schema_key)
        if schema is None:
            raise ValueError(f"generator {generator.key}: unknown schema")
        return schema.field_names
    return [f["name"] for f in generator.fields]


def generated_csv(generator: DatasetGenerator) -> tuple[bytes, int]:
    """The generator's rows as UTF-8 CSV bytes, and the number of rows."""
    columns = _columns(generator)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in generator.rows():
        writer.writerow(
            ["" if row.get(c) is None else str(row.get(c)) for c in columns]
        )
        count += 1
    return buffer.getvalue().encode("utf-8"), count


def _dataset_for(generator: DatasetGenerator) -> Dataset:
    dataset = Dataset.objects.filter(generator_key=generator.key).first()
    if dataset is not None:
        return dataset
    organisation = (
        Department.objects.filter(code=generator.organisation_code).first()
        if generator.organisation_code
        else None
    )
    dataset = dataset_create(
        name=generator.name,
        title=generator.title,
        title_translations=generator.title_translations,
        notes=generator.notes,
        notes_translations=generator.notes_translations,
        organisation=organisation,
        tags=generator.tags,
        groups=list(Group.objects.filter(code__in=generator.group_codes)),
        update_frequency=UpdateFrequency.CONTINUOUS,
        schema_key=generator.schema_key,
        generator_key=generator.key,
    )
    resource_create(
        dataset=dataset,
        name=generator.title,
        name_translations=generator.title_translations,
        format=ResourceFormat.CSV,
        schema_key=generator.schema_key,
    )
    return dataset_publish(dataset=dataset)


def generated_dataset_refresh(*, generator: DatasetGenerator) -> dict[str, Any]:
    """Rebuild one generated dataset; a new version only when its rows changed.

    Returns what happened: ``{"key", "rows", "changed", "valid"}``.
    """
    data, count = generated_csv(generator)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        dataset = _dataset_for(generator)
        run, _created = GeneratedDatasetRun.objects.select_for_update().get_or_create(
            key=generator.key
        )
        resource = dataset.resources.order_by("position", "pk").first()
        if resource is None:
            raise ValueError(f"generated dataset {dataset.name} has no resource")
        if run.content_hash == digest and resource.current_version_id is not None:
            run.save(update_fields=["updated_at"])
            return {
                "key": generator.key,
                "rows": count,
                "changed": False,
                "valid": True,
            }
        version = resource_upload(
            resource=resource, data=data, filename=f"{generator.name}.csv"
        )
        valid = version.status == VersionStatus.VALID
        if valid:
            run.content_hash = digest
            run.row_count = count
            run.save()
        else:
            logger.error(
                "generated dataset %s rejected: %s",
                generator.key,
                version.report["errors"][:5],
            )
    return {"key": generator.key, "rows": count, "changed": True, "valid": valid}


def generated_datasets_refresh(
    *, keys: list[str] | None = None
) -> list[dict[str, Any]]:
    """Rebuild every registered generated dataset (or those in ``keys``).

    Safe to run twice; an unchanged dataset gets no new version.
    """
    results = []
    for generator in dataset_generators():
        if keys is not None and generator.key not in keys:
            continue
        results.append(generated_dataset_refresh(generator=generator))
    return results
