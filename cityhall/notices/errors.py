"""Errors of the notices app, each with a stable code clients can switch on."""

from __future__ import annotations

from cityhall.common.errors import ApplicationError


class SubscriptionError(ApplicationError):
    """Invalid subscription input. Codes: ``invalid_email``, ``language``,
    ``unknown_category``, ``unknown_district``, ``permission_denied``,
    ``rate_limited``."""

    code = "subscription_error"


class SubscriptionLinkError(ApplicationError):
    """A confirmation or manage link that is forged, expired or used up.
    Codes: ``link_invalid``, ``link_expired``."""

    code = "link_invalid"
    status = 400
