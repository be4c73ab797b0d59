"""HTML views of the reservations app: public facility pages and the
resident's booking pages."""

from cityhall.reservations.views.public import (
    facility_detail,
    facility_list,
    room_calendar,
)
from cityhall.reservations.views.resident import (
    booking_cancel_confirm,
    booking_confirm,
    my_bookings,
)

__all__ = [
    "booking_cancel_confirm",
    "booking_confirm",
    "facility_detail",
    "facility_list",
    "my_bookings",
    "room_calendar",
]
