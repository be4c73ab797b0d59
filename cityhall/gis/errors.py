"""Errors of the gis app (stable codes, translatable messages)."""

from __future__ import annotations

from cityhall.common.errors import ApplicationError


class GisError(ApplicationError):
    code = "gis_error"
    status = 400
