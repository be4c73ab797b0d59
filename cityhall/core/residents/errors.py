"""Expected failures of resident account operations, with stable codes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityhall.common.errors import ApplicationError


class ResidentError(ApplicationError):
    code = "resident_error"


class ResidentInputError(ResidentError):
    """Input that fails validation; ``extra["fields"]`` maps field → messages."""

    code = "invalid_input"

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> ResidentInputError:
        fields: dict[str, Any] = (
            {name: list(messages) for name, messages in error.message_dict.items()}
            if hasattr(error, "error_dict")
            else {"__all__": [str(m) for m in error.messages]}
        )
        return cls(_("Some of the details are not valid."), extra={"fields": fields})


class VerificationLinkExpired(ResidentError):
    code = "verification_link_expired"


class VerificationLinkInvalid(ResidentError):
    code = "verification_link_invalid"
