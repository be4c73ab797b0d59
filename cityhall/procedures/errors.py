"""Errors of the procedure guide, each with a stable code."""

from __future__ import annotations

from cityhall.common.errors import ApplicationError


class ProcedureError(ApplicationError):
    """An expected failure of a 手続きナビ operation.

    Codes in use: ``nothing_applies`` (a checklist without procedures cannot
    be saved).
    """

    code = "procedure_error"
