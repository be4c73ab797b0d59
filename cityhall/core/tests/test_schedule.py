import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from cityhall.core.services.schedule import daily_tasks_enqueue

pytestmark = pytest.mark.django_db


def test_daily_tasks_are_enqueued_once_per_day(django_capture_on_commit_callbacks):
    """The first worker to notice a new day enqueues each daily task; later calls
    the same day enqueue nothing, and the next day enqueues again."""
    day = dt.date(2026, 4, 1)
    with django_capture_on_commit_callbacks(execute=True):
        first = daily_tasks_enqueue(today=day)
        again = daily_tasks_enqueue(today=day)
    assert sorted(first) == ["audit_chain_check", "roles_sync"]
    assert again == []
    assert DBTaskResult.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        next_day = daily_tasks_enqueue(today=day + dt.timedelta(days=1))
    assert sorted(next_day) == ["audit_chain_check", "roles_sync"]
    assert DBTaskResult.objects.count() == 4
