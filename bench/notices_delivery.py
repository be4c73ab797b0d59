"""Notice mail benchmarks against a local SMTP sink (``make bench``).

What it does (``python bench/notices_delivery.py``):

1. migrates a throw-away database: a temporary SQLite file, or the PostgreSQL
   database of ``CITYHALL_DATABASE_URL`` (recommended: production uses it, and
   the priority figure needs concurrent writers);
2. starts an SMTP sink (aiosmtpd) in a **separate process**, so the engine and
   the sink do not share an interpreter lock; the sink appends each accepted
   message's arrival time and Message-ID to a file;
3. **hand-off**: ``--subscribers`` (20,000) active subscribers, one notice;
   times ``notice_delivery_start`` plus the engine (``--threads`` sessions in
   this process) until every delivery is ``delivered``, and, in the same run,
   a bare loop that sends the same messages over one reused SMTP connection
   (``smtplib``, no database): the floor;
4. **priority**: the hand-off's subscribers leave; a ``--newsletter`` (100,000)
   message newsletter drains; every
   few seconds an emergency for one district (``--emergency`` recipients) is
   published (``notice_delivery_start``); the time from publishing to the first
   and to the last emergency message at the sink is measured, ``--trials``
   times; p95 is reported;
5. prints the figures and whether the targets (≥ 1,000 messages/s hand-off;
   emergency at the SMTP server within 5 s, p95) are met; exits 1 if not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
_TMP = tempfile.mkdtemp(prefix="cityhall-bench-notices-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CITYHALL_DATA_DIR", _TMP)
os.environ.setdefault("CITYHALL_LOG_LEVEL", "WARNING")
os.environ.setdefault("CITYHALL_BASE_URL", "https://city.example.jp")
os.environ["CITYHALL_NOTICES_MAIL_FROM"] = "oshirase@city.example.jp"
# Loopback sink: no carrier limits to respect.
os.environ["CITYHALL_NOTICES_DEFAULT_DOMAIN_CONCURRENCY"] = "64"

TARGET_RATE = 1000.0
TARGET_EMERGENCY_SECONDS = 5.0
HOST = "127.0.0.1"

SINK_CODE = r"""
import sys, time, asyncio
from aiosmtpd.controller import Controller

out = open(sys.argv[2], "a", buffering=1)

class Handler:
    async def handle_DATA(self, server, session, envelope):
        content = envelope.content
        start = content.find(b"Message-ID: ")
        end = content.find(b"\r\n", start)
        out.write(f"{time.time()} {content[start + 12:end].decode()}\n")
        return "250 OK"

controller = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class SinkProcess:
    def __init__(self) -> None:
        self.port = _free_port()
        self.log = Path(_TMP) / "sink.log"
        self.log.write_text("")
        self.process = subprocess.Popen(
            [sys.executable, "-c", SINK_CODE, str(self.port), str(self.log)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.process.stdout.readline()

    @property
    def url(self) -> str:
        return f"smtp://{HOST}:{self.port}"

    def arrivals(self) -> list[tuple[float, str]]:
        """Every arrival so far. Read incrementally: re-reading and parsing the
        whole log (100,000 lines) ten times a second would take the engine's
        interpreter lock in this process away from it."""
        if not hasattr(self, "_rows"):
            self._rows: list[tuple[float, str]] = []
            self._offset = 0
        with self.log.open("rb") as log:
            log.seek(self._offset)
            chunk = log.read()
        complete = chunk.rfind(b"\n") + 1
        self._offset += complete
        for line in chunk[:complete].decode().splitlines():
            stamp, _sep, message_id = line.partition(" ")
            self._rows.append((float(stamp), message_id))
        return self._rows

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


def setup_django(sink_url: str) -> None:
    os.environ["CITYHALL_NOTICES_SMTP_URL"] = sink_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def _site():
    from wagtail.models import Locale, Page, Site

    from cityhall.website.models import HomePage, NewsIndexPage

    locale, _ = Locale.objects.get_or_create(language_code="ja")
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="ホーム", slug="bench-home", locale=locale)
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "city.example.jp", "port": 443, "root_page": home},
    )
    index = home.add_child(instance=NewsIndexPage(title="新着情報", slug="news"))
    return index


_numbers = iter(range(1, 10**6))


def _notice(index, *, title: str, urgency: str, districts=()):
    from cityhall.website.models import NewsPage

    page = NewsPage(
        title=title,
        slug=f"n{next(_numbers)}",
        date=dt.date(2026, 6, 1),
        body=[("paragraph", "<p>本文です。避難してください。</p>")],
        urgency=urgency,
        channels=["email"],
    )
    index.add_child(instance=page)
    if districts:
        page.target_districts.set(districts)
        page.save()
    return page


def _subscribers(count: int, *, prefix: str, district=None) -> None:
    from django.utils import timezone

    from cityhall.notices.models import Subscriber

    domains = [
        "docomo.ne.jp",
        "ezweb.ne.jp",
        "softbank.ne.jp",
        "gmail.com",
        "example.jp",
    ]
    now = timezone.now()
    for start in range(0, count, 10_000):
        created = Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"{prefix}{i}@{domains[i % len(domains)]}",
                    domain=domains[i % len(domains)],
                    status=Subscriber.Status.ACTIVE,
                    confirmed_at=now,
                )
                for i in range(start, min(count, start + 10_000))
            ],
            batch_size=2000,
        )
        if district is not None:
            Subscriber.districts.through.objects.bulk_create(
                [
                    Subscriber.districts.through(
                        subscriber_id=s.pk, district_id=district.pk
                    )
                    for s in created
                ],
                batch_size=5000,
            )


def bench_handoff(args, sink: SinkProcess, index) -> dict[str, float]:
    from cityhall.notices.delivery import compose
    from cityhall.notices.delivery.engine import run_forever
    from cityhall.notices.models import Delivery
    from cityhall.notices.services.delivery import notice_delivery_start

    _subscribers(args.subscribers, prefix="h")
    page = _notice(index, title="断水のお知らせ", urgency="normal")

    started = time.perf_counter()
    dispatch = notice_delivery_start(page_id=page.pk)
    queued = time.perf_counter() - started
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            left = (
                Delivery.objects.filter(dispatch=dispatch)
                .exclude(status=Delivery.Status.DELIVERED)
                .exists()
            )
            if not left:
                stop.set()
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    run_forever(threads=args.threads, poll_seconds=0.02, stop=stop)
    watcher.join()
    engine_seconds = time.perf_counter() - started
    delivered = Delivery.objects.filter(
        dispatch=dispatch, status=Delivery.Status.DELIVERED
    ).count()

    # The floor: the same messages, pre-built, over one reused connection.
    from cityhall.notices.delivery.engine import Engine

    engine = Engine()
    rows = list(
        Delivery.objects.filter(dispatch=dispatch).values_list(
            "address", "message_id", "recipient_key", "language"
        )
    )
    template = engine._template(page.pk, "ja")
    smtp = smtplib.SMTP(HOST, sink.port)
    bare_started = time.perf_counter()
    for address, message_id, key, _language in rows:
        stamped = compose.message_stamp(
            template, to=address, message_id=message_id, subscriber_public_id=key
        )
        smtp.sendmail("oshirase@city.example.jp", [address], stamped.raw)
    bare_seconds = time.perf_counter() - bare_started
    smtp.quit()
    return {
        "messages": delivered,
        "queue_seconds": queued,
        "engine_seconds": engine_seconds,
        "engine_rate": delivered / engine_seconds,
        "bare_seconds": bare_seconds,
        "bare_rate": len(rows) / bare_seconds,
    }


def bench_priority(args, sink: SinkProcess, index) -> dict[str, object]:
    from cityhall.core.models import District, Municipality
    from cityhall.notices.delivery.engine import run_forever
    from cityhall.notices.models import Subscriber
    from cityhall.notices.services.delivery import notice_delivery_start

    municipality = Municipality.objects.first() or Municipality.objects.create(
        name="見本市", local_government_code="999999"
    )
    town = District.objects.create(municipality=municipality, code="town", name="本町")
    river = District.objects.create(
        municipality=municipality, code="river", name="川沿い"
    )
    # The hand-off's subscribers (no district: the whole city) leave first, so
    # the newsletter has --newsletter + --emergency recipients and each
    # emergency exactly --emergency.
    Subscriber.objects.filter(email__startswith="h").update(
        status=Subscriber.Status.UNSUBSCRIBED
    )
    _subscribers(args.newsletter, prefix="n", district=town)
    _subscribers(args.emergency, prefix="e", district=river)
    newsletter = _notice(index, title="広報誌 6月号", urgency="normal")
    notice_delivery_start(page_id=newsletter.pk)
    stop = threading.Event()
    engine = threading.Thread(
        target=run_forever,
        kwargs={"threads": args.threads, "poll_seconds": 0.02, "stop": stop},
    )
    engine.start()
    time.sleep(2.0)
    trials = []
    for trial in range(args.trials):
        page = _notice(
            index, title=f"避難指示 {trial + 1}", urgency="emergency", districts=[river]
        )
        published = time.time()
        notice_delivery_start(page_id=page.pk)
        marker = f"<notice.{page.pk}."
        deadline = time.time() + 60
        first = last = None
        seen = 0
        stamps: list[float] = []
        while time.time() < deadline:
            rows = sink.arrivals()
            stamps += [t for t, mid in rows[seen:] if mid.startswith(marker)]
            seen = len(rows)
            if stamps and first is None:
                first = min(stamps) - published
            if len(stamps) >= args.emergency:
                last = max(stamps) - published
                break
            time.sleep(0.1)
        newsletter_sent = sum(
            1
            for _t, mid in sink.arrivals()
            if mid.startswith(f"<notice.{newsletter.pk}.")
        )
        trials.append(
            {"first": first, "last": last, "newsletter_sent_so_far": newsletter_sent}
        )
        time.sleep(1.0)
    stop.set()
    engine.join()
    firsts = sorted(t["first"] for t in trials if t["first"] is not None)
    lasts = sorted(t["last"] for t in trials if t["last"] is not None)

    def p95(values: list[float]) -> float:
        if not values:
            return float("inf")
        return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]

    return {
        "trials": trials,
        "first_p95": p95(firsts),
        "last_p95": p95(lasts) if len(lasts) == len(trials) else float("inf"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--newsletter", type=int, default=100_000)
    parser.add_argument("--emergency", type=int, default=500)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    sink = SinkProcess()
    try:
        setup_django(sink.url)
        from django.db import connection

        index = _site()
        print(
            f"database: {connection.vendor}; sink: separate process; "
            f"engine threads: {args.threads}"
        )
        handoff = bench_handoff(args, sink, index)
        print(
            f"hand-off: {handoff['messages']} messages; queueing "
            f"{handoff['queue_seconds']:.2f} s; queue + send "
            f"{handoff['engine_seconds']:.2f} s = {handoff['engine_rate']:.0f} msg/s "
            f"(target ≥ {TARGET_RATE:.0f})"
        )
        print(
            f"bare loop (one reused SMTP connection, no database): "
            f"{handoff['bare_seconds']:.2f} s = {handoff['bare_rate']:.0f} msg/s"
        )
        priority = bench_priority(args, sink, index)
        for number, trial in enumerate(priority["trials"], 1):
            first = trial["first"]
            last = trial["last"]
            print(
                f"emergency trial {number}: first message after "
                f"{first if first is None else round(first, 2)} s, all "
                f"{args.emergency} after {last if last is None else round(last, 2)} s "
                f"(newsletter messages sent so far: {trial['newsletter_sent_so_far']})"
            )
        print(
            f"emergency p95: first {priority['first_p95']:.2f} s, all "
            f"{priority['last_p95']:.2f} s (target ≤ {TARGET_EMERGENCY_SECONDS:.0f} s)"
        )
    finally:
        sink.stop()
    ok = (
        handoff["engine_rate"] >= TARGET_RATE
        and priority["last_p95"] <= TARGET_EMERGENCY_SECONDS
    )
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
