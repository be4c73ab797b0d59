"""Errors of the open-data app, each with a stable code clients can switch on."""

from __future__ import annotations

from typing import Any

from cityhall.common.errors import ApplicationError


class OpenDataError(ApplicationError):
    """An expected failure of a catalogue operation.

    Codes in use: ``invalid_name``, ``name_taken``, ``invalid_dataset``,
    ``invalid_upload``, ``unknown_schema``, ``not_tabular``, ``invalid_query``,
    ``not_published``.
    """

    code = "opendata_error"


class UploadRejected(OpenDataError):
    """An upload that did not validate; ``report`` names rows and columns.

    The version is stored with its report, but the previous version stays live.
    """

    code = "upload_rejected"
    status = 409

    def __init__(self, message: Any, *, report: dict[str, Any], version: Any = None):
        super().__init__(message, extra={"report": report})
        self.report = report
        self.version = version


class DatastoreQueryError(OpenDataError):
    """A datastore query naming unknown fields or with bad values."""

    code = "invalid_query"
    status = 409
