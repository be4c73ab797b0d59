"""Errors of electronic applications, with stable codes."""

from __future__ import annotations

from cityhall.common.errors import ApplicationError


class EformError(ApplicationError):
    code = "eform_error"


class DefinitionError(EformError):
    """A form definition that cannot be saved; ``extra["problems"]`` lists why."""

    code = "definition_invalid"


class VersionPublishedError(EformError):
    code = "version_published"
    status = 409


class FormNotOpenError(EformError):
    code = "form_not_open"
    status = 409


class DraftNotReadyError(EformError):
    code = "draft_not_ready"
    status = 409


class StatusChangeError(EformError):
    code = "status_change_refused"
    status = 409
