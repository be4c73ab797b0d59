"""Writes of resources and their versions: create, upload, validate, load.

An upload becomes a new :class:`ResourceVersion`. A tabular one (CSV, XLSX) is
decoded (UTF-8, UTF-8 with BOM, Shift_JIS/CP932 …), mapped onto its Table
Schema (the older 推奨データセット layout too), validated row by row and loaded
into its own datastore table in one pass. Only a version that validated
becomes the resource's ``current_version``; a rejected one is kept with its
report and the previous version stays live.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterator
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cityhall.opendata import datastore
from cityhall.opendata.errors import OpenDataError
from cityhall.opendata.import_checks import import_checks_run
from cityhall.opendata.models import (
    Dataset,
    Resource,
    ResourceFormat,
    ResourceVersion,
    VersionStatus,
)
from cityhall.opendata.services.datasets import (
    _check_user,
    dataset_index_refresh,
    dataset_touch,
)
from cityhall.opendata.table_schemas import table_schema_get
from cityhall.opendata.tabular import csv_read, encoding_label, xlsx_read
from cityhall.opendata.validation import Report, TableValidator, Value

logger = logging.getLogger(__name__)


class _Rejected(Exception):
    """Rolls back the table of a version that did not validate."""


def resource_create(
    *,
    dataset: Dataset,
    name: str,
    format: str,
    url: str = "",
    schema_key: str = "",
    description: str = "",
    name_translations: dict[str, str] | None = None,
    description_translations: dict[str, str] | None = None,
    user: Any = None,
) -> Resource:
    """Add a resource (file or link) to a dataset; files: :func:`resource_upload`."""
    _check_user(user)
    if format not in ResourceFormat.values:
        raise OpenDataError(
            _("Unknown format."), code="invalid_dataset", extra={"field": "format"}
        )
    if format == ResourceFormat.LINK and not url:
        raise OpenDataError(
            _("A link resource needs its URL."),
            code="invalid_dataset",
            extra={"field": "url"},
        )
    if schema_key and table_schema_get(schema_key) is None:
        raise OpenDataError(
            _("Unknown table schema."),
            code="unknown_schema",
            extra={"field": "schema_key"},
        )
    if not name.strip():
        raise OpenDataError(
            _("Please enter a name."), code="invalid_dataset", extra={"field": "name"}
        )
    with transaction.atomic():
        position = (dataset.resources.aggregate(last=Max("position"))["last"] or 0) + (
            1 if dataset.resources.exists() else 0
        )
        resource = Resource.objects.create(
            dataset=dataset,
            name=name,
            name_translations=name_translations or {},
            description=description,
            description_translations=description_translations or {},
            format=format,
            url=url,
            schema_key=schema_key,
            position=position,
        )
        dataset_index_refresh(dataset=dataset)
        dataset_touch(dataset=dataset)
    return resource


def _file_check(resource: Resource, data: bytes) -> list[str]:
    """Problems with a non-tabular file (JSON, GeoJSON, PDF)."""
    if resource.format == ResourceFormat.PDF:
        return (
            [] if data.startswith(b"%PDF-") else [_("The file is not a PDF document.")]
        )
    if resource.format in (ResourceFormat.JSON, ResourceFormat.GEOJSON):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            return [_("The file is not valid JSON in UTF-8.")]
        if resource.format == ResourceFormat.GEOJSON and not (
            isinstance(document, dict)
            and document.get("type") in ("FeatureCollection", "Feature")
        ):
            return [_("The file is not a GeoJSON FeatureCollection or Feature.")]
    return []


def resource_upload(
    *, resource: Resource, data: bytes, filename: str, user: Any = None
) -> ResourceVersion:
    """Upload a new version of ``resource`` and return it with its report.

    ``version.status`` says whether it validated; ``version.report`` (a dict:
    ``valid``, ``encoding``, ``encoding_label``, ``row_count``,
    ``header_mapping``, ``combined``, ``warnings``, ``errors`` with ``row`` and
    ``column``, ``error_count``) is what the console shows. A valid version
    becomes live at once; a rejected one leaves the previous version live.
    """
    _check_user(user)
    if resource.format == ResourceFormat.LINK:
        raise OpenDataError(_("A link resource has no file."), code="invalid_upload")
    started = time.monotonic()
    schema = table_schema_get(resource.schema_key) if resource.schema_key else None
    report = Report(schema=resource.schema_key)
    with transaction.atomic():
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        number = (locked.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = ResourceVersion(
            resource=locked,
            number=number,
            original_filename=filename[:255],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            status=VersionStatus.INVALID,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        version.file.save(filename[:100] or "upload", ContentFile(data), save=False)
        version.save()
        if locked.is_tabular:
            try:
                with transaction.atomic():
                    _load_tabular(version, locked, data, schema, report)
            except _Rejected:
                pass
            except OpenDataError as error:
                report.add_error(
                    row=0,
                    column="",
                    column_number=None,
                    code=error.code,
                    message=str(error.message),
                )
        else:
            for problem in _file_check(locked, data):
                report.add_error(
                    row=0,
                    column="",
                    column_number=None,
                    code="invalid-file",
                    message=problem,
                )
        version.report = report.as_dict()
        version.row_count = report.row_count if report.valid else 0
        version.detected_encoding = report.encoding_label
        if report.valid:
            version.status = VersionStatus.VALID
        else:
            version.datastore_table = ""
            version.fields = []
        version.save()
        if report.valid:
            previous = locked.current_version
            locked.current_version = version
            locked.save(update_fields=["current_version", "updated_at"])
            if previous is not None and previous.datastore_table:
                # The old rows are no longer served; keep the file for history.
                datastore.table_drop(previous.datastore_table)
                ResourceVersion.objects.filter(pk=previous.pk).update(
                    datastore_table=""
                )
            dataset_touch(dataset=locked.dataset)
    logger.info(
        "opendata upload %s v%d: %s, %d rows, %d errors, %.2fs",
        resource.public_id,
        version.number,
        version.status,
        report.row_count,
        report.error_count,
        time.monotonic() - started,
    )
    resource.current_version = locked.current_version
    return version


def _load_tabular(
    version: ResourceVersion,
    resource: Resource,
    data: bytes,
    schema: Any,
    report: Report,
) -> None:
    raw = xlsx_read(data) if resource.format == ResourceFormat.XLSX else csv_read(data)
    report.encoding = raw.encoding
    report.encoding_label = encoding_label(raw.encoding)
    validator = TableValidator(headers=raw.headers, schema=schema, report=report)
    header_ok = report.valid
    typed_rows = validator.rows(raw.rows)

    def rows_while_valid() -> Iterator[tuple[Value, ...]]:
        # Keep validating after the first error (the report lists them all) but
        # stop loading rows that will be rolled back anyway.
        for row in typed_rows:
            if report.error_count == 0:
                yield row

    if not header_ok:
        # Still read every row so the report is complete.
        for _row in typed_rows:
            pass
        raise _Rejected
    table, _count = datastore.table_create_and_load(
        version_pk=version.pk, fields=validator.fields, rows=rows_while_valid()
    )
    if not report.valid:
        raise _Rejected
    _run_import_checks(table, validator.fields, report)
    version.datastore_table = table
    version.fields = validator.fields


def _run_import_checks(
    table: str, fields: list[dict[str, Any]], report: Report
) -> None:
    """Other apps' rules on the loaded rows (:mod:`cityhall.opendata.import_checks`);
    the table was loaded only because every row validated, so its row ``n`` is
    the file's line ``n + 1``."""
    names = [field["name"] for field in fields]

    def rows() -> Iterator[dict[str, Value]]:
        for row in datastore.table_rows(table=table, width=len(names)):
            yield dict(zip(names, row, strict=True))

    problems = import_checks_run(fields=fields, rows=rows)
    for problem in problems:
        report.add_error(
            row=problem.row,
            column=problem.column,
            column_number=names.index(problem.column) + 1
            if problem.column in names
            else None,
            code=problem.code,
            message=problem.message,
        )
    if problems:
        raise _Rejected


def resource_delete(*, resource: Resource, user: Any = None) -> None:
    """Delete a resource, its versions and their datastore tables."""
    _check_user(user)
    with transaction.atomic():
        tables = [
            t
            for t in resource.versions.exclude(datastore_table="").values_list(
                "datastore_table", flat=True
            )
        ]
        dataset = resource.dataset
        Resource.objects.filter(pk=resource.pk).update(current_version=None)
        resource.delete()
        for table in tables:
            datastore.table_drop(table)
        dataset_index_refresh(dataset=dataset)
        dataset_touch(dataset=dataset)
