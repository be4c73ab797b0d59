"""Errors of the reservations app, each with a stable code clients can switch on."""

from __future__ import annotations

from cityhall.common.errors import ApplicationError


class ReservationError(ApplicationError):
    """An expected failure of a booking operation.

    Codes in use: ``slot_invalid`` (422, forged, expired or malformed slot id),
    ``slot_unavailable`` (422, closed, past or blacked out), ``slot_taken``
    (409), ``invalid_attendees`` (422), ``invalid_purpose`` (422),
    ``range_invalid`` (422), ``booking_not_cancellable`` (409),
    ``payment_in_progress`` (409). Staff console: ``booking_not_recordable``
    (409), ``invalid_outcome``, ``reason_required``, ``invalid_reason``,
    ``blackout_invalid``, ``invalid_weekdays``, ``invalid_slots`` (422).
    """

    code = "reservation_error"
    status = 422
