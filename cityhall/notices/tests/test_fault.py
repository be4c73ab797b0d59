"""Fault test: the delivery worker is killed (SIGKILL) three times during a send
to 20,000 subscribers and restarted; at the end every subscriber has exactly
one message, counted at a real SMTP server.

PostgreSQL only: the worker is a separate process (``manage.py run_delivery``)
that must see the test's committed rows, and the claim path under test is
``SELECT … FOR UPDATE SKIP LOCKED``.

The kills are triggered by the SMTP server itself, while it holds a message it
has not yet accepted (during RCPT, and during DATA before its 250 reply): the
worker dies mid-batch with that delivery marked ``sending`` and earlier ones
``delivered``. The residual window (killed after the server's 250, before the
``delivered`` row is written) cannot be closed by any SMTP client and is
documented in docs/notices-delivery.md; the worker runs one session so no
other session can be in that window at the moment of a kill.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cityhall.notices.models import Delivery
from cityhall.notices.services.delivery import notice_delivery_start
from cityhall.notices.tests.factories import subscribers_bulk
from cityhall.notices.tests.smtp_sink import Sink, SinkHandler
from cityhall.website.models import NewsPage
from cityhall.website.tests import factories as web

#: 20,000 as the issue asks; a smaller number (environment) to try the test
#: quickly on a loaded machine. The kills fall at 15 %, 45 % and 75 % of the send.
SUBSCRIBERS = int(os.environ.get("CITYHALL_FAULT_TEST_SUBSCRIBERS", "20000"))
KILL_AT = {
    "rcpt": [SUBSCRIBERS * 15 // 100],
    "data": [SUBSCRIBERS * 45 // 100, SUBSCRIBERS * 75 // 100],
}


class KillingHandler(SinkHandler):
    """Counts accepted messages and SIGKILLs the worker at the set points."""

    def __init__(self) -> None:
        super().__init__()
        self.worker_pid = 0
        self.kills = 0
        self.pending_kills = {k: list(v) for k, v in KILL_AT.items()}

    def _maybe_kill(self, phase: str) -> bool:
        points = self.pending_kills[phase]
        if points and len(self.messages) >= points[0] and self.worker_pid:
            points.pop(0)
            os.kill(self.worker_pid, signal.SIGKILL)
            self.kills += 1
            return True
        return False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if self._maybe_kill("rcpt"):
            return "421 4.3.0 closing"
        return await super().handle_RCPT(
            server, session, envelope, address, rcpt_options
        )

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self._maybe_kill("data"):
            return "421 4.3.0 closing"
        return await super().handle_DATA(server, session, envelope)


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (a separate worker process and SKIP LOCKED)",
)
@pytest.mark.django_db(transaction=True)
def test_worker_killed_three_times_sends_each_message_exactly_once(tmp_path):
    """20,000 subscribers, three SIGKILLs mid-batch, restarts: every subscriber
    has exactly one message at the SMTP server and a delivered record."""
    home = web.site_home()
    index = web.add_news_index(home)
    subscribers_bulk(SUBSCRIBERS, domains=["example.jp", "docomo.ne.jp", "gmail.com"])
    news = NewsPage(
        title="断水のお知らせ",
        slug="water",
        date=dt.date(2026, 6, 1),
        body=web._paragraphs("水道工事のため断水します。"),
        channels=["email"],
    )
    index.add_child(instance=news)
    # Publishing starts the delivery (the publishing side's receiver, after
    # commit); starting it again here must change nothing.
    news.save_revision().publish()
    notice_delivery_start(page_id=news.pk)
    assert Delivery.objects.count() == SUBSCRIBERS

    handler = KillingHandler()
    sink = Sink(handler).start()
    env = {
        **os.environ,
        "CITYHALL_DATABASE_URL": _database_url(),
        "CITYHALL_NOTICES_SMTP_URL": sink.url,
        "CITYHALL_NOTICES_LEASE_SECONDS": "2",
        "CITYHALL_SECRET_KEY": settings.SECRET_KEY,
        "CITYHALL_DATA_DIR": str(tmp_path),
        "CITYHALL_LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "run_delivery",
        "--threads",
        "1",
        "--poll",
        "0.2",
        "--until-idle",
    ]
    restarts = 0
    try:
        deadline = time.monotonic() + 1800  # a safety net, not a timing assertion
        while time.monotonic() < deadline:
            worker = subprocess.Popen(command, env=env)  # noqa: S603 - our own command
            handler.worker_pid = worker.pid
            code = worker.wait()
            if code == 0:
                break
            assert code == -signal.SIGKILL, f"worker failed with {code}"
            restarts += 1
    finally:
        sink.stop()
    assert handler.kills == 3 and restarts == 3
    assert len(handler.per_recipient) == SUBSCRIBERS
    assert set(handler.per_recipient.values()) == {1}
    assert (
        Delivery.objects.filter(status=Delivery.Status.DELIVERED).count() == SUBSCRIBERS
    )
