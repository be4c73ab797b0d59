"""Models of the reservations app, one module per concept."""

from cityhall.reservations.models.bookings import ACTIVE_STATES, Booking
from cityhall.reservations.models.facilities import (
    Blackout,
    Facility,
    Room,
    SlotBlock,
    default_cancellation_policy,
)
from cityhall.reservations.models.groups import Group, GroupMember
from cityhall.reservations.models.lottery import LotteryEntry, LotteryWindow

__all__ = [
    "ACTIVE_STATES",
    "Blackout",
    "Booking",
    "Facility",
    "Group",
    "GroupMember",
    "LotteryEntry",
    "LotteryWindow",
    "Room",
    "SlotBlock",
    "default_cancellation_policy",
]
