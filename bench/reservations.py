# ruff: noqa: E501 - the scripts are passed to `manage.py shell` verbatim
"""Reservations on PostgreSQL: provisional bookings through the HTTP API, and
the public availability page, each beside a baseline in the same run.

What it does (``make bench``):

1. creates a throw-away PostgreSQL database (``--database-url``, default
   ``postgres://postgres:postgres@127.0.0.1:5432/cityhall_bench``; it is
   dropped and re-created), migrates, seeds the demo data with
   ``seed_demo --residents 50`` and gives each demo resident a personal API
   token; starts ``manage.py serve`` (gunicorn + task worker, as ``make run``)
   on a loopback port;
2. **bookings** (issue benchmark 1): 50 clients, one keep-alive connection and
   one resident each, ``POST /api/v1/bookings`` with ``{"slot": …}``, a
   personal API token and an ``Idempotency-Key``, over distinct free slots
   taken from a shared list (dates three months ahead and later, clear of any
   lottery month). Two modes, both reported:

   * *paced*: together the clients offer ``--rate`` bookings per minute
     (default 1,200, each client waits 50 × 60 / rate seconds between its
     requests, with a random start offset) for ``--duration`` seconds; the
     target is ≥ 1,000 bookings completed per minute with p99 ≤ 150 ms;
   * *saturated*: each client sends its next request as soon as the last is
     answered: the most this server does on this machine;

   beside the **baseline**: one connection inserting the same number of
   booking rows with one ``INSERT`` statement each (autocommit, psycopg) into
   the same table on the same database, on other distinct slots;
3. **availability** (issue benchmark 2): anonymous GETs of a room's month
   calendar (``/facilities/rooms/<id>/?month=``) with 50 keep-alive clients,
   interleaved with ``/-/ping`` as the baseline; target ≥ 50 % of its
   throughput.

Exits 1 on unexpected errors (a 409 would be a double booking of a distinct
slot: an error here).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (
    HOST,
    REPO,
    Result,
    _free_port,
    _manage,
    bench_env,
    load,
    machine,
    wait_healthy,
    wait_tasks_drained,
)

DEFAULT_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:5432/cityhall_bench"
TARGET_BOOKINGS_PER_MINUTE = 1000
TARGET_P99_MS = 150.0
TARGET_AVAILABILITY_RATIO = 0.5

#: Run by ``manage.py shell``: a personal API token per demo load-test
#: resident, and free slot ids of every room from ``FIRST_DAY_OFFSET`` days
#: ahead (beyond any demo lottery month), as JSON.
SETUP_SCRIPT = r"""
import datetime as dt, json
from django.contrib.auth import get_user_model
from django.utils import timezone
from cityhall.core.services.api_tokens import api_token_create
from cityhall.reservations.selectors import SlotState, room_availability, rooms_with_facility_public
users = get_user_model().objects.filter(email__startswith="resident-", email__endswith="@demo.cityhall.jp").order_by("email")
tokens = [api_token_create(user=u, name="bench")[1] for u in users[:CLIENTS]]
first = timezone.localdate() + dt.timedelta(days=FIRST_DAY_OFFSET)
slots, rooms = [], list(rooms_with_facility_public())
day = first
while len(slots) < WANTED:
    for room in rooms:
        for d in room_availability(room=room, date_from=day, date_to=day + dt.timedelta(days=29)):
            slots += [s.slot_id for s in d.slots if s.state == SlotState.FREE]
    day += dt.timedelta(days=30)
calendar_room = rooms[0]
print(json.dumps({"tokens": tokens, "slots": slots[:WANTED], "baseline_day": (day + dt.timedelta(days=30)).isoformat(),
                  "room": str(calendar_room.public_id), "room_pk": calendar_room.pk,
                  "month": first.strftime("%Y-%m")}))
"""


def _database(url: str) -> None:
    """Drop and re-create the bench database named in ``url``."""
    import psycopg

    base, _, name = url.rpartition("/")
    if not name.startswith("cityhall_bench"):
        sys.exit("bench: the database name must start with cityhall_bench")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare(data_dir: Path, database_url: str, clients: int) -> dict[str, str]:
    env = bench_env(data_dir)
    env["CITYHALL_DATABASE_URL"] = database_url
    # The per-account and per-source booking limits guard a public site; this
    # bench is 50 known residents on one address, so they are lifted.
    env["CITYHALL_BOOKING_ACCOUNT_LIMIT"] = "0"  # 0: off
    env["CITYHALL_BOOKING_SOURCE_LIMIT"] = "0"
    _database(database_url)
    print(f"bench: preparing {data_dir} on PostgreSQL (migrate, demo data)")
    _manage(env, "migrate", "--noinput")
    _manage(env, "createcachetable")
    _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    _manage(env, "seed_demo", "--residents", str(clients))
    return env


# --- POST load generator ---------------------------------------------------------


def _post_bytes(port: int, token: str, slot: str) -> bytes:
    body = json.dumps({"slot": slot, "purpose": "bench"}).encode()
    head = (
        f"POST /api/v1/bookings HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Authorization: Bearer {token}\r\nIdempotency-Key: {uuid.uuid4()}\r\n"
        "Content-Type: application/json\r\nAccept: application/json\r\n"
        f"User-Agent: cityhall-bench\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _read(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {
        k.strip().lower(): v.strip()
        for k, _, v in (line.partition(":") for line in lines[1:] if ":" in line)
    }
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, body, headers.get("connection", "").lower() != "close"


async def _booker(
    port: int,
    token: str,
    slots: list[str],
    stop_at: float,
    interval: float,
    result: Result,
) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    if interval:
        await asyncio.sleep(random.uniform(0, interval))
    next_at = time.perf_counter()
    while time.perf_counter() < stop_at and slots:
        slot = slots.pop()
        request = _post_bytes(port, token, slot)
        started = time.perf_counter()
        try:
            writer.write(request)
            status, body, keep_alive = await _read(reader)
        except (OSError, asyncio.IncompleteReadError):
            # The server closes a keep-alive connection left idle between
            # paced requests (gunicorn's keep-alive is 2 s): reconnect and
            # send the same request (same Idempotency-Key) again, timed from
            # the new connection, as a browser would.
            writer.close()
            started = time.perf_counter()
            reader, writer = await asyncio.open_connection(HOST, port)
            try:
                writer.write(request)
                status, body, keep_alive = await _read(reader)
            except (OSError, asyncio.IncompleteReadError) as error:
                result.errors += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(repr(error))
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
                continue
        elapsed = time.perf_counter() - started
        if status == 201:
            result.latencies.append(elapsed)
        else:
            result.errors += 1
            if len(result.error_samples) < 5:
                result.error_samples.append(f"HTTP {status} {body[:200]!r}")
        if not keep_alive:
            writer.close()
            reader, writer = await asyncio.open_connection(HOST, port)
        if interval:
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
    writer.close()


def book(
    port: int, tokens: list[str], slots: list[str], seconds: float, rate: float
) -> Result:
    """``len(tokens)`` clients booking distinct slots for ``seconds``; paced
    to ``rate`` bookings per minute together, or saturated when ``rate`` is 0."""
    interval = len(tokens) * 60.0 / rate if rate else 0.0
    result = Result(path="POST /api/v1/bookings")

    async def run() -> None:
        started = time.perf_counter()
        cpu = time.process_time()
        await asyncio.gather(
            *(
                _booker(port, token, slots, started + seconds, interval, result)
                for token in tokens
            )
        )
        result.seconds = time.perf_counter() - started
        result.client_cpu = time.process_time() - cpu

    asyncio.run(run())
    return result


def baseline_inserts(
    database_url: str, first_day: str, count: int
) -> tuple[float, float]:
    """Insert ``count`` booking rows one ``INSERT … SELECT`` statement each
    (autocommit) on distinct dates and hours of one room: each copies every
    other column from a booking the HTTP run made, so the baseline writes the
    same row shape whatever columns the table has. (rows per minute, p99 ms)"""
    import datetime as dt

    import psycopg
    from psycopg import sql

    day = dt.date.fromisoformat(first_day)
    set_here = {"id", "public_id", "date", "start", "end", "purpose", "invoice_id"}
    latencies = []
    with psycopg.connect(database_url, autocommit=True) as connection:
        columns = [
            row[0]
            for row in connection.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = 'reservations_booking' ORDER BY ordinal_position"
            )
            if row[0] not in set_here
        ]
        template = connection.execute(
            "SELECT id FROM reservations_booking WHERE purpose = 'bench'"
            " ORDER BY id LIMIT 1"
        ).fetchone()[0]
        copied = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
        statement = sql.SQL(
            'INSERT INTO reservations_booking (public_id, date, start, "end",'
            " purpose, invoice_id, {copied}) SELECT %s, %s, %s, %s, 'baseline',"
            " NULL, {copied} FROM reservations_booking WHERE id = %s"
        ).format(copied=copied)
        started = time.perf_counter()
        for number in range(count):
            date = day + dt.timedelta(days=number // 20)
            hour = number % 20
            began = time.perf_counter()
            connection.execute(
                statement,
                (uuid.uuid4(), date, dt.time(hour), dt.time(hour, 59), template),
            )
            latencies.append(time.perf_counter() - began)
        seconds = time.perf_counter() - started
        connection.execute(
            "DELETE FROM reservations_booking WHERE purpose = 'baseline'"
        )
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, round(0.99 * len(latencies)) - 1)]
    return count / seconds * 60, p99 * 1000


def _row(name: str, result: Result) -> str:
    return (
        f"| {name} | {result.requests} | {result.rps * 60:.0f} "
        f"| {result.percentile_ms(0.5):.1f} | {result.percentile_ms(0.99):.1f} "
        f"| {result.errors} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rate", type=float, default=1200.0, help="paced bookings/min")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--page-duration", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2, help="availability rounds")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not (1 <= args.clients <= 200 and 0 < args.duration <= 300):
        parser.error("bounded: 1–200 clients, ≤ 300 s per run")

    data_dir = Path(tempfile.mkdtemp(prefix="cityhall-bench-resv-"))
    server = None
    try:
        env = prepare(data_dir, args.database_url, args.clients)
        wanted = int(args.rate / 60 * args.duration * 1.2) + 3000
        script = (
            SETUP_SCRIPT.replace("CLIENTS", str(args.clients))
            .replace("FIRST_DAY_OFFSET", "100")
            .replace("WANTED", str(wanted))
        )
        setup = json.loads(_manage(env, "shell", "-c", script).strip().splitlines()[-1])
        tokens, slots = setup["tokens"], setup["slots"]
        random.shuffle(slots)
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
        print(f"bench: server on {HOST}:{port}; {machine()}; {len(slots)} slots")

        book(port, tokens, slots, 3.0, 0)  # warm-up
        paced = book(port, tokens, slots, args.duration, args.rate)
        print(
            f"bench: paced {paced.rps * 60:.0f}/min p99 {paced.percentile_ms(0.99):.1f} ms"
        )
        saturated = book(port, tokens, slots, min(args.duration, 30.0), 0)
        print(f"bench: saturated {saturated.rps * 60:.0f}/min")
        base_rate, base_p99 = baseline_inserts(
            args.database_url,
            setup["baseline_day"],
            max(paced.requests, 1000),
        )

        calendar = f"/facilities/rooms/{setup['room']}/?month={setup['month']}"
        pages = {"/-/ping": Result(path="/-/ping"), calendar: Result(path=calendar)}
        for path in pages:
            load(port, path, args.clients, 2.0)
        for _round in range(args.rounds):
            for path, total in pages.items():
                total.merge(load(port, path, args.clients, args.page_duration))
        ratio = pages[calendar].rps / pages["/-/ping"].rps

        met_booking = (
            paced.rps * 60 >= TARGET_BOOKINGS_PER_MINUTE
            and paced.percentile_ms(0.99) <= TARGET_P99_MS
        )
        lines = [
            f"Machine: {machine()}; PostgreSQL; {args.clients} clients.",
            "",
            "| run | bookings | per minute | p50 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|",
            _row(f"HTTP paced at {args.rate:.0f}/min", paced),
            _row("HTTP saturated", saturated),
            f"| baseline: one INSERT per row, one connection | {max(paced.requests, 1000)} "
            f"| {base_rate:.0f} | – | {base_p99:.2f} | 0 |",
            "",
            f"Bookings target (≥ {TARGET_BOOKINGS_PER_MINUTE}/min, p99 ≤ "
            f"{TARGET_P99_MS:.0f} ms): {'met' if met_booking else 'NOT met'}; "
            f"saturated HTTP is {saturated.rps * 60 / base_rate:.1%} of the baseline's rate.",
            "",
            "| URL | requests | rps | p50 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for path, result in pages.items():
            lines.append(
                f"| `{path}` | {result.requests} | {result.rps:.0f} "
                f"| {result.percentile_ms(0.5):.1f} | {result.percentile_ms(0.99):.1f} "
                f"| {result.errors} |"
            )
        lines.append("")
        lines.append(
            f"Availability target (≥ {TARGET_AVAILABILITY_RATIO:.0%} of /-/ping): "
            f"{ratio:.0%}: {'met' if ratio >= TARGET_AVAILABILITY_RATIO else 'NOT met'}"
        )
        print("\n".join(lines))
        for result in (paced, saturated, *pages.values()):
            for sample in result.error_samples:
                print(f"bench: error sample: {sample}")
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "paced_per_minute": paced.rps * 60,
                        "paced_p99_ms": paced.percentile_ms(0.99),
                        "saturated_per_minute": saturated.rps * 60,
                        "baseline_per_minute": base_rate,
                        "availability_ratio": ratio,
                    },
                    indent=2,
                )
            )
        errors = paced.errors + saturated.errors + sum(r.errors for r in pages.values())
        return 1 if errors else 0
    finally:
        if server is not None:
            import os
            import signal

            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
