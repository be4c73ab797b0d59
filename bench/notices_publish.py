# ruff: noqa: E501 - the publisher script is passed to `manage.py shell` verbatim
"""Notices: publish → web, feeds and CAP within 2 s; tracking parameters do not
bypass the page cache.

What it does (``make bench``):

1. prepares a throw-away data directory with the demo data (as ``run.py``) and
   starts ``manage.py serve`` (gunicorn + task worker) on a loopback port;
2. (issue benchmark 3) ``--trials`` times: a publisher process publishes a new
   emergency notice through the emergency-publish service and prints the
   moment the transaction committed; this process polls, every 20 ms and in
   parallel, the home page (banner), the notice's page, ``/feeds/news.atom``,
   ``/feeds/alerts.cap`` and the notice's CAP document until each shows the
   notice, and records how long after the commit each did. Then the notice is
   cancelled (so the next trial's banner starts clean);
3. (issue benchmark 4) ``--clients`` keep-alive connections request the demo
   flood alert's page, each request with a different ``fbclid``, for
   ``--duration`` seconds per round, interleaved with ``/-/ping`` as the
   baseline; prints rps, p50/p99 and the ratio.

Exits 1 on request errors or if a trial did not see the notice within 10 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (
    HOST,
    REPO,
    UNIQUE,
    Result,
    _free_port,
    _manage,
    bench_env,
    load,
    machine,
    prepare,
    wait_healthy,
    wait_tasks_drained,
)

TARGET_PUBLISH_SECONDS = 2.0
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0
GIVE_UP_SECONDS = 10.0
POLL_SECONDS = 0.02

#: Run by ``manage.py shell``: publish one emergency notice per line read on
#: stdin ("publish <n>" / "cancel <page id>"), print what was done as JSON.
PUBLISHER_SCRIPT = r"""
import json, sys, time, datetime as dt
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from cityhall.core.models import Role, RoleAssignment
from cityhall.notices.publishing.services import notice_emergency_publish
from cityhall.website.models import NewsIndexPage, NewsPage, NoticeMessageType
user = RoleAssignment.objects.filter(role=Role.SYSTEM_ADMIN).first().user
index = NewsIndexPage.objects.get(locale=Locale.objects.get(language_code="ja"))
for line in sys.stdin:
    command, _, argument = line.strip().partition(" ")
    if command == "publish":
        title = f"ベンチマーク緊急情報 {argument} {time.time_ns()}"
        page = NewsPage(title=title, slug=f"bench-{time.time_ns()}", date=timezone.localdate(),
                        lead="ベンチマークの緊急情報です。", urgency="emergency", live=False,
                        body=[("paragraph", "<p>ベンチマーク</p>")])
        index.add_child(instance=page)
        page.save_revision()
        notice_emergency_publish(page_id=page.pk, user=user)
        committed = time.time()  # notice_emergency_publish is atomic: committed
        page.refresh_from_db()
        print(json.dumps({"id": page.pk, "title": title, "key": str(page.translation_key),
                          "url": page.get_url(), "committed": committed}), flush=True)
    elif command == "cancel":
        original = NewsPage.objects.get(pk=int(argument))
        page = NewsPage(title="解除 " + original.title, slug=f"bench-cancel-{time.time_ns()}",
                        date=timezone.localdate(), urgency="emergency",
                        message_type=NoticeMessageType.CANCEL, references=original,
                        live=False, body=[("paragraph", "<p>解除</p>")])
        index.add_child(instance=page)
        page.save_revision().publish()
        print(json.dumps({"cancelled": original.pk}), flush=True)
"""


def _fetch(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=5) as response:
        return response.read().decode("utf-8", "replace")


def _watch(port: int, path: str, needle: str, found: dict[str, float]) -> None:
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while time.monotonic() < deadline:
        try:
            if needle in _fetch(port, path):
                found[path] = time.time()
                return
        except OSError:
            pass  # a 404 before the CAP document exists
        time.sleep(POLL_SECONDS)


def _reply(publisher: subprocess.Popen) -> dict:
    """The publisher's next JSON line (``manage.py shell`` prints a line of its
    own about automatic imports first)."""
    assert publisher.stdout is not None
    while True:
        line = publisher.stdout.readline()
        if not line:
            sys.exit("bench: the publisher process exited")
        if line.startswith("{"):
            return json.loads(line)


def publish_trials(port: int, env: dict[str, str], trials: int) -> list[dict]:
    publisher = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", PUBLISHER_SCRIPT],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert publisher.stdin is not None and publisher.stdout is not None
    outcomes = []
    try:
        for trial in range(1, trials + 1):
            publisher.stdin.write(f"publish {trial}\n")
            publisher.stdin.flush()
            notice = _reply(publisher)
            targets = {
                "/": notice["title"],
                notice["url"]: notice["title"],
                "/feeds/news.atom": notice["title"],
                "/feeds/alerts.cap": notice["key"],
                f"/feeds/alerts/{notice['key']}.xml": notice["key"],
            }
            found: dict[str, float] = {}
            threads = [
                threading.Thread(target=_watch, args=(port, path, needle, found))
                for path, needle in targets.items()
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            delays = {
                path: (found[path] - notice["committed"]) if path in found else None
                for path in targets
            }
            outcomes.append({"trial": trial, "delays": delays})
            shown = ", ".join(
                f"{path} {delay:.2f} s" if delay is not None else f"{path} NOT SEEN"
                for path, delay in delays.items()
            )
            print(f"bench: publish trial {trial}: {shown}")
            publisher.stdin.write(f"cancel {notice['id']}\n")
            publisher.stdin.flush()
            _reply(publisher)
            time.sleep(1.5)  # let every process see the cancellation
    finally:
        publisher.stdin.close()
        publisher.wait(timeout=60)
    return outcomes


def flood_alert_path(env: dict[str, str]) -> str:
    output = _manage(
        env,
        "shell",
        "-c",
        "from cityhall.website.models import NewsPage; "
        "print(NewsPage.objects.live().get(slug='naka-gawa-hinan-shiji', "
        "locale__language_code='ja').get_url())",
    )
    return output.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    if not (1 <= args.trials <= 20 and 1 <= args.clients <= 500):
        parser.error("bounded: 1–20 trials, 1–500 clients")
    fresh = args.data_dir is None
    data_dir = (
        Path(tempfile.mkdtemp(prefix="cityhall-bench-notices-"))
        if fresh
        else args.data_dir.resolve()
    )
    server = None
    try:
        env = prepare(data_dir) if fresh else bench_env(data_dir)
        news = flood_alert_path(env)
        port = _free_port()
        log = (data_dir / "bench-server.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(port), "--host", HOST],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_healthy(port, server)
        wait_tasks_drained(env)
        print(f"bench: server on {HOST}:{port}; {machine()}")

        outcomes = publish_trials(port, env, args.trials)
        worst = [
            max((d for d in o["delays"].values() if d is not None), default=None)
            for o in outcomes
        ]
        missed = sum(1 for o in outcomes for d in o["delays"].values() if d is None)

        paths = ["/-/ping", f"{news}?fbclid={UNIQUE}"]
        for path in paths:
            load(port, path, args.clients, args.warmup)
        results = {path: Result(path=path) for path in paths}
        for _round in range(args.rounds):
            for path in paths:
                results[path].merge(load(port, path, args.clients, args.duration))

        print()
        print(f"{machine()}")
        print("\n(3) publish → visible (seconds after commit), per trial:")
        print("| trial | " + " | ".join(f"`{p}`" for p in outcomes[0]["delays"]) + " |")
        print("|---:|" + "---:|" * len(outcomes[0]["delays"]))
        for outcome in outcomes:
            cells = [
                f"{d:.2f}" if d is not None else "not seen"
                for d in outcome["delays"].values()
            ]
            print(f"| {outcome['trial']} | " + " | ".join(cells) + " |")
        seen = [w for w in worst if w is not None]
        if seen:
            print(
                f"\nWorst endpoint per trial: median {statistics.median(seen):.2f} s, "
                f"max {max(seen):.2f} s; target ≤ {TARGET_PUBLISH_SECONDS:.0f} s: "
                f"{'met' if max(seen) <= TARGET_PUBLISH_SECONDS and not missed else 'NOT met'}"
            )
        base = results["/-/ping"]
        shared = results[f"{news}?fbclid={UNIQUE}"]
        ratio = shared.rps / base.rps if base.rps else 0.0
        p99 = shared.percentile_ms(0.99)
        print(f"\n(4) {args.clients} clients, {args.rounds} × {args.duration:.0f} s:")
        print("| URL | requests | rps | p50 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|")
        for path, result in results.items():
            print(
                f"| `{path}` | {result.requests} | {result.rps:.0f} "
                f"| {result.percentile_ms(0.5):.1f} | {result.percentile_ms(0.99):.1f} "
                f"| {result.errors} |"
            )
        met = ratio >= TARGET_RATIO and p99 < TARGET_P99_MS
        print(
            f"\nNews page with a different fbclid per request: {ratio:.0%} of "
            f"/-/ping, p99 {p99:.1f} ms (target ≥ {TARGET_RATIO:.0%}, < "
            f"{TARGET_P99_MS:.0f} ms): {'met' if met else 'NOT met'}"
        )
        errors = sum(r.errors for r in results.values())
        return 1 if errors or missed else 0
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if fresh:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
