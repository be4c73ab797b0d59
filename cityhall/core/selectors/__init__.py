"""Reads for the core app, split by concept; re-exported here for callers."""

from cityhall.core.selectors.demo import demo_logins_for_display
from cityhall.core.selectors.health import health_report
from cityhall.core.selectors.roles import (
    active_assignments,
    assignments_valid_on,
    user_has_role,
)

__all__ = [
    "active_assignments",
    "assignments_valid_on",
    "demo_logins_for_display",
    "health_report",
    "user_has_role",
]
