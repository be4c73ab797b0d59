"""Schemas every router shares (OpenAPI components): the error shape."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class ErrorBody(Schema):
    code: str = Field(description="Stable machine-readable error code.")
    message: str = Field(description="Human-readable message in the request language.")
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorOut(Schema):
    """Every error response has this shape."""

    error: ErrorBody


#: Responses every endpoint can give, for its ``response=`` mapping.
ERRORS: dict[int, Any] = {422: ErrorOut}
