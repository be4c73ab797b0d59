import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django_tasks_db.models import DBTaskResult

from cityhall.core.services.schedule import periodic_tasks, periodic_tasks_enqueue

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


def test_installed_apps_register_their_periodic_tasks():
    """Core's and payments' periodic tasks are registered with their periods."""
    registered = periodic_tasks()
    assert registered["roles_sync"] == "daily"
    assert registered["audit_chain_check"] == "daily"
    assert registered["card_payments_settle_hourly"] == "hourly"
    assert registered["payment_attempts_expire_daily"] == "daily"


def test_periodic_tasks_are_enqueued_once_per_period(
    django_capture_on_commit_callbacks,
):
    """The first worker to notice a new hour enqueues the hourly tasks, and the
    daily ones on a new day; later calls in the same period enqueue nothing."""
    daily = {n for n, every in periodic_tasks().items() if every == "daily"}
    hourly = {n for n, every in periodic_tasks().items() if every == "hourly"}
    morning = dt.datetime(2026, 4, 1, 9, 5, tzinfo=TOKYO)
    with django_capture_on_commit_callbacks(execute=True):
        first = periodic_tasks_enqueue(now=morning)
        again = periodic_tasks_enqueue(now=morning + dt.timedelta(minutes=50))
    assert set(first) == daily | hourly
    assert again == []
    assert DBTaskResult.objects.count() == len(daily | hourly)
    with django_capture_on_commit_callbacks(execute=True):
        next_hour = periodic_tasks_enqueue(now=morning + dt.timedelta(hours=1))
        next_day = periodic_tasks_enqueue(now=morning + dt.timedelta(days=1))
    assert set(next_hour) == hourly
    assert set(next_day) == daily | hourly
    assert DBTaskResult.objects.count() == len(daily) * 2 + len(hourly) * 3
