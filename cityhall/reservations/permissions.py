"""Who may do what with facility bookings: policy functions for services and
views.

The staff console of reservations (bookings, 利用実績, blackouts, city events,
稼働率) is for staff holding the ``reservations.manage_bookings`` permission,
given to the facility divisions' group in the console (Settings → Groups).
Django superusers hold every permission and so pass too.
"""

from __future__ import annotations

from typing import Any

#: The permission that opens the reservations console.
MANAGE_BOOKINGS = "reservations.manage_bookings"


def can_manage_bookings(user: Any) -> bool:
    """True when ``user`` is active staff with ``reservations.manage_bookings``."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_staff", False)
        and user.has_perm(MANAGE_BOOKINGS)
    )
