"""Reads for the core app, split by concept; re-exported here for callers."""

from cityhall.core.selectors.demo import demo_logins_for_display
from cityhall.core.selectors.health import health_report

__all__ = ["demo_logins_for_display", "health_report"]
