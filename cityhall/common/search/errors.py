"""Errors of the site search, with stable codes for the API and forms."""

from __future__ import annotations

from cityhall.common.errors import ApplicationError


class SearchQueryError(ApplicationError):
    """The search words cannot be used as given (too long, too many words)."""

    code = "invalid_query"
    status = 400
