"""Models of the reservations app, one module per concept."""

from cityhall.reservations.models.bookings import ACTIVE_STATES, Booking
from cityhall.reservations.models.calendar import CalendarFeed
from cityhall.reservations.models.facilities import (
    Blackout,
    Facility,
    Room,
    SlotBlock,
    default_cancellation_policy,
)
from cityhall.reservations.models.fees import Equipment, FeeReduction, ReductionReview
from cityhall.reservations.models.groups import Group, GroupMember
from cityhall.reservations.models.lottery import LotteryEntry, LotteryWindow

__all__ = [
    "ACTIVE_STATES",
    "Blackout",
    "Booking",
    "CalendarFeed",
    "Equipment",
    "Facility",
    "FeeReduction",
    "Group",
    "GroupMember",
    "LotteryEntry",
    "LotteryWindow",
    "ReductionReview",
    "Room",
    "SlotBlock",
    "default_cancellation_policy",
]
