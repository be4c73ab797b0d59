"""Models of the reservations app, one module per concept."""

from cityhall.reservations.models.bookings import ACTIVE_STATES, Booking
from cityhall.reservations.models.facilities import (
    Blackout,
    Facility,
    Room,
    SlotBlock,
    default_cancellation_policy,
)

__all__ = [
    "ACTIVE_STATES",
    "Blackout",
    "Booking",
    "Facility",
    "Room",
    "SlotBlock",
    "default_cancellation_policy",
]
