"""HTML views of the reservations app: public facility pages and the
resident's booking pages."""

from cityhall.reservations.views.groups import (
    group_detail,
    group_list,
    group_register_view,
    group_renew_view,
)
from cityhall.reservations.views.lottery import (
    lottery_detail,
    lottery_entry_withdraw,
    lottery_list,
    lottery_result_json,
    my_lottery_entries,
)
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
    "group_detail",
    "group_list",
    "group_register_view",
    "group_renew_view",
    "lottery_detail",
    "lottery_entry_withdraw",
    "lottery_list",
    "lottery_result_json",
    "my_bookings",
    "my_lottery_entries",
    "room_calendar",
]
