"""Background tasks of the reservations app (thin: each calls one service)."""

from __future__ import annotations

import logging

from django_tasks import task

from cityhall.reservations.services.booking import bookings_expire_due
from cityhall.reservations.services.groups import groups_expire_due
from cityhall.reservations.services.reminders import reminders_send_due

logger = logging.getLogger(__name__)


@task()
def bookings_expire_hourly() -> dict[str, int]:
    """Hourly: expire provisional bookings left unpaid past their deadline
    (cancelling their invoices) and confirm any whose invoice is paid. A
    booking attempt on an overdue slot expires its holder at once, so the
    hour only matters for what the calendar shows. Safe to run twice."""
    outcome = bookings_expire_due()
    logger.info("bookings_expire_hourly: %s", outcome)
    return outcome


@task()
def groups_expire_daily() -> int:
    """Daily: mark group registrations whose period has ended expired (their
    residents renew them). Safe to run twice: an expired group stays so."""
    count = groups_expire_due()
    logger.info("groups_expire_daily: %s expired", count)
    return count


@task()
def booking_reminders_daily() -> int:
    """Daily: mail the reminder of each confirmed booking due in
    ``CITYHALL_BOOKING_REMINDER_DAYS`` days, once per booking. Safe to run
    twice."""
    sent = reminders_send_due()
    logger.info("booking_reminders_daily: %s sent", sent)
    return sent
