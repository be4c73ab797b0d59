import datetime as dt

import pytest
from django.utils import timezone

from cityhall.core.services.worker import worker_heartbeat_record

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_missing_worker(client):
    """With no worker ever seen, /healthz is still 200 and says so."""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["worker"]["status"] == "never_seen"


def test_healthz_reports_worker_heartbeat(client):
    """A recent heartbeat is reported as ok, an old one as stale."""
    heartbeat = worker_heartbeat_record(worker_id="w1")
    assert client.get("/healthz").json()["worker"]["status"] == "ok"
    type(heartbeat).objects.filter(pk=heartbeat.pk).update(
        last_seen_at=timezone.now() - dt.timedelta(minutes=10)
    )
    assert client.get("/healthz").json()["worker"]["status"] == "stale"


def test_healthz_names_no_worker(client):
    """The public endpoint tells whether a worker is alive, not which one."""
    worker_heartbeat_record(worker_id="web-7f3a:4242")
    response = client.get("/healthz")
    worker = response.json()["worker"]
    assert worker["status"] == "ok"
    assert "worker_id" not in worker
    assert "web-7f3a" not in response.content.decode()
