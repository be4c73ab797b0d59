"""Expected failures of the core app, each with a stable code."""

from __future__ import annotations

from cityhall.common.errors import ApplicationError, PermissionDeniedError


class RoleAssignmentError(ApplicationError):
    """A role assignment that the organisation's rules do not allow."""

    code = "role_assignment_invalid"


class SelfAssignmentError(PermissionDeniedError):
    """Somebody tried to change their own roles (separation of duties)."""

    code = "role_self_assignment"


class SecondFactorError(ApplicationError):
    """A second-factor code was wrong, expired or already used."""

    code = "second_factor_invalid"


class OrganisationInputError(ApplicationError):
    """Organisation data (municipality, district, department) that fails
    validation; ``extra["fields"]`` maps field → messages."""

    code = "organisation_invalid"


class ApiTokenError(ApplicationError):
    """A personal API token that cannot be created, revoked or used."""

    code = "api_token_error"
