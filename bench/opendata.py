"""Open data: catalogue search, datastore queries and CSV ingest beside Datasette.

What it does (``python bench/opendata.py``):

1. prepares a temporary data directory (SQLite, migrated) and creates
   ``--datasets`` published datasets (titles, descriptions, tags, 担当課 drawn
   from a fixed vocabulary, seed 10) and one ``--rows``-row CSV table
   (町丁目 × age × survey date population, generated deterministically);
2. **ingest**: uploads the CSV through ``resource_upload`` (decode, map to the
   Table Schema, validate every cell, load the datastore table, index every
   column) and, on the same bytes, ``sqlite-utils insert --csv`` (the Datasette
   project's loader: no validation, all text columns) followed by the same
   indexes; reports rows/s of each, wall clock;
3. copies the catalogue and the loaded table into one SQLite file for Datasette
   (the table with the same typed columns and indexes; the catalogue with an
   FTS5 index, Datasette's search);
4. serves Cityhall with gunicorn (1 sync worker) and Datasette (uvicorn, 1
   process) on loopback at the same time and sends them the same sequence of
   requests from one client (a new connection per request), ``--requests`` per
   scenario after a warm-up, **interleaved**: one request to Cityhall, then
   the matching one to Datasette, and so on, so that a change of load on a
   shared machine falls on both servers alike:
   * ``package_search``: q (one or two Japanese characters) + facets, rows=10;
     Datasette: ``/bench/packages.json?_search=…&_facet=organization&_size=10``;
   * ``datastore_search`` filters: 年齢 and 調査年月日 equal, limit 100, total;
     Datasette: ``/bench/population.json?年齢=…&調査年月日=…&_size=100``;
   * ``datastore_search`` paging: limit 100 at a random offset (no filter);
     Datasette: ``_next=<rowid>`` (its keyset paging), ``_size=100``;
   * ``datastore_search`` sorted paging (Cityhall only): the same offsets
     with ``sort=総数 desc``; Datasette pages a sorted table with a keyset
     token, not an offset, so it has no request doing the same work;
5. prints p50/p95/max per scenario and server, and the CPU time the serving
   process spent per request (user + system, from /proc; the gunicorn master
   and its worker together), which the machine's load does not inflate, and
   the load average before and after the requests.

Datasette's FTS5 (unicode61 tokenizer) does not split unsegmented Japanese, so
its catalogue search finds fewer datasets for the same words; the figure
compares latency, and the result counts are printed beside it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA_DIR = tempfile.mkdtemp(prefix="cityhall-bench-opendata-")
os.environ["CITYHALL_DATA_DIR"] = DATA_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from cityhall.core.models import Department, Municipality  # noqa: E402
from cityhall.opendata.models import ResourceFormat  # noqa: E402
from cityhall.opendata.services.datasets import (  # noqa: E402
    dataset_create,
    dataset_publish,
)
from cityhall.opendata.services.resources import (  # noqa: E402
    resource_create,
    resource_upload,
)

BIN = Path(sys.executable).parent
THEMES = [
    "避難所",
    "水道",
    "人口",
    "観光",
    "保育",
    "道路",
    "ごみ",
    "税",
    "防災",
    "公園",
    "図書館",
    "バス",
    "医療",
    "AED",
    "Wi-Fi",
    "選挙",
    "農業",
    "河川",
    "学校",
    "文化財",
]
KINDS = ["一覧", "統計", "位置情報", "年報", "調査結果", "計画", "利用状況", "予算"]
TAGS = [
    "防災",
    "観光",
    "子育て",
    "福祉",
    "環境",
    "統計",
    "交通",
    "教育",
    "健康",
    "産業",
]
QUERIES = ["水", "税", "避難", "人口", "観光", "ごみ", "公園", "バス", "学校", "医療"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def population_csv(rows: int) -> bytes:
    """``rows`` rows of population by 町丁目, age and survey date (deterministic)."""
    rng = random.Random(1)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "全国地方公共団体コード",
            "地方公共団体名",
            "調査年月日",
            "町丁目コード",
            "町丁目名",
            "年齢",
            "男",
            "女",
            "総数",
        ]
    )
    dates = [f"{2022 + i}-04-01" for i in range(5)]
    areas = max(1, rows // (len(dates) * 100))
    written = 0
    for date in dates:
        for area in range(areas):
            for age in range(100):
                if written >= rows:
                    break
                male, female = rng.randint(0, 40), rng.randint(0, 40)
                writer.writerow(
                    [
                        "092100",
                        "大田原市",
                        date,
                        f"092100{area:05d}",
                        f"町{area}丁目",
                        age,
                        male,
                        female,
                        male + female,
                    ]
                )
                written += 1
    return buffer.getvalue().encode("utf-8")


def prepare(datasets: int, rows: int) -> dict:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    municipality = Municipality.objects.create(
        local_government_code="092100",
        name="大田原市",
        prefecture="栃木県",
        postal_code="324-8641",
        address="栃木県大田原市本町1-4-1",
        phone="0287-23-1111",
    )
    departments = [
        Department.objects.create(
            municipality=municipality, code=f"dept-{i}", name=f"{t}課"
        )
        for i, t in enumerate(THEMES[:10])
    ]
    rng = random.Random(10)
    started = time.monotonic()
    for number in range(datasets):
        theme, kind = rng.choice(THEMES), rng.choice(KINDS)
        dataset = dataset_create(
            name=f"dataset-{number:05d}",
            title=f"{theme}{kind} {number}",
            title_translations={"en": f"{theme} {kind} {number}"},
            notes=f"大田原市の{theme}に関する{kind}です。{rng.choice(THEMES)}とも関連します。",
            organisation=rng.choice(departments),
            tags=rng.sample(TAGS, 2),
        )
        dataset_publish(dataset=dataset)
    print(
        f"catalogue: {datasets} datasets created in {time.monotonic() - started:.1f} s"
    )
    data = population_csv(rows)
    dataset = dataset_create(
        name="population", title="町丁目別年齢別人口", organisation=departments[2]
    )
    table_resource = resource_create(
        dataset=dataset,
        name="人口",
        format=ResourceFormat.CSV,
        schema_key="population-by-area-age",
    )
    dataset_publish(dataset=dataset)
    cpu, wall = time.process_time(), time.monotonic()
    version = resource_upload(
        resource=table_resource, data=data, filename="population.csv"
    )
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    assert version.status == "valid", version.report["errors"][:3]
    ingest = {"rows": version.row_count, "wall": wall, "cpu": cpu}
    print(
        f"cityhall ingest: {version.row_count:,} rows in {wall:.1f} s wall "
        f"({version.row_count / wall:,.0f} rows/s), {cpu:.1f} s CPU "
        f"({version.row_count / cpu:,.0f} rows per CPU second)"
    )
    return {
        "resource_id": str(table_resource.public_id),
        "table": version.datastore_table,
        "fields": version.fields,
        "csv": data,
        "ingest": ingest,
    }


def datasette_db(setup: dict, path: Path) -> dict:
    """The same catalogue and table in one SQLite file for Datasette."""
    csv_path = path.parent / "population.csv"
    csv_path.write_bytes(setup["csv"])
    wall = time.monotonic()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = time.process_time()
    subprocess.run(
        [
            str(BIN / "sqlite-utils"),
            "insert",
            str(path),
            "population_csv",
            str(csv_path),
            "--csv",
        ],
        check=True,
    )
    db = sqlite3.connect(path)
    for column in [
        "全国地方公共団体コード",
        "地方公共団体名",
        "調査年月日",
        "町丁目コード",
        "町丁目名",
        "年齢",
        "男",
        "女",
        "総数",
    ]:
        db.execute(f'CREATE INDEX "csv_{column}" ON population_csv ("{column}")')
    db.commit()
    wall = time.monotonic() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (
        after.ru_utime
        + after.ru_stime
        - children.ru_utime
        - children.ru_stime
        + time.process_time()
        - own
    )
    rows = db.execute("SELECT COUNT(*) FROM population_csv").fetchone()[0]
    print(
        f"sqlite-utils ingest CPU: {cpu:.1f} s ({rows / cpu:,.0f} rows per CPU second)"
    )
    print(
        f"sqlite-utils ingest: {rows:,} rows in {wall:.1f} s wall "
        f"({rows / wall:,.0f} rows/s)"
    )
    db.execute("DROP TABLE population_csv")
    source = Path(connection.settings_dict["NAME"])
    db.execute("ATTACH DATABASE ? AS src", (str(source),))
    names = [f["name"] for f in setup["fields"]]
    types = {"integer": "INTEGER", "number": "REAL"}
    columns = ", ".join(
        f'"{n}" {types.get(f["type"], "TEXT")}'
        for n, f in zip(names, setup["fields"], strict=True)
    )
    db.execute(f"CREATE TABLE population (id INTEGER PRIMARY KEY, {columns})")
    select = ", ".join(f"c{i}" for i in range(len(names)))
    db.execute(
        f'INSERT INTO population SELECT _id, {select} FROM src."{setup["table"]}"'  # noqa: S608
    )
    for name in names:
        db.execute(f'CREATE INDEX "population_{name}" ON population ("{name}")')
    db.execute(
        "CREATE TABLE packages (id INTEGER PRIMARY KEY, name TEXT, title TEXT, "
        "notes TEXT, organization TEXT, tags TEXT)"
    )
    db.execute(
        "INSERT INTO packages (name, title, notes, organization, tags) "
        "SELECT d.name, d.title, d.notes, o.code, "
        "(SELECT group_concat(t.name, ' ') FROM src.opendata_dataset_tags dt "
        " JOIN src.opendata_tag t ON t.id = dt.tag_id WHERE dt.dataset_id = d.id) "
        "FROM src.opendata_dataset d "
        "JOIN src.core_department o ON o.id = d.organisation_id "
        "WHERE d.state = 'published'"
    )
    db.execute("CREATE INDEX packages_organization ON packages (organization)")
    db.commit()
    db.execute("DETACH DATABASE src")
    db.close()
    subprocess.run(
        [
            str(BIN / "sqlite-utils"),
            "enable-fts",
            str(path),
            "packages",
            "title",
            "notes",
            "tags",
            "--fts5",
        ],
        check=True,
    )
    return {"rows": rows, "wall": wall}


def _get(port: int, path: str) -> tuple[float, dict]:
    import http.client

    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:300]!r}")
    return elapsed, json.loads(body)


def _wait(port: int, path: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError("server exited")
        try:
            _get(port, path)
            return
        except (OSError, RuntimeError):
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def scenarios(
    setup: dict, total_rows: int, requests: int
) -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(7)
    rid = setup["resource_id"]
    cityhall: dict[str, list[str]] = {
        "package_search": [],
        "datastore filters": [],
        "datastore paging": [],
        "datastore sorted paging": [],
    }
    datasette: dict[str, list[str]] = {
        k: [] for k in cityhall if k != "datastore sorted paging"
    }
    facets = json.dumps(["organization", "tags"])
    for _ in range(requests):
        q = rng.choice(QUERIES)
        cityhall["package_search"].append(
            "/api/3/action/package_search?"
            + urllib.parse.urlencode({"q": q, "rows": 10, "facet.field": facets})
        )
        datasette["package_search"].append(
            "/bench/packages.json?"
            + urllib.parse.urlencode(
                {"_search": q, "_size": 10, "_facet": "organization"}
            )
        )
        age, year = rng.randrange(100), 2022 + rng.randrange(5)
        filters = {"年齢": age, "調査年月日": f"{year}-04-01"}
        cityhall["datastore filters"].append(
            "/api/3/action/datastore_search?"
            + urllib.parse.urlencode(
                {
                    "resource_id": rid,
                    "filters": json.dumps(filters, ensure_ascii=False),
                    "limit": 100,
                }
            )
        )
        datasette["datastore filters"].append(
            "/bench/population.json?"
            + urllib.parse.urlencode(
                {**{k: str(v) for k, v in filters.items()}, "_size": 100}
            )
        )
        offset = rng.randrange(max(1, total_rows - 100))
        cityhall["datastore paging"].append(
            "/api/3/action/datastore_search?"
            + urllib.parse.urlencode(
                {"resource_id": rid, "limit": 100, "offset": offset}
            )
        )
        datasette["datastore paging"].append(
            "/bench/population.json?"
            + urllib.parse.urlencode({"_next": offset, "_size": 100})
        )
        # Cityhall only: Datasette pages a sorted table by a keyset token,
        # not by offset, so it has no request doing the same work.
        cityhall["datastore sorted paging"].append(
            "/api/3/action/datastore_search?"
            + urllib.parse.urlencode(
                {
                    "resource_id": rid,
                    "limit": 100,
                    "offset": offset,
                    "sort": "総数 desc",
                }
            )
        )
    return {"cityhall": cityhall, "datasette": datasette}  # type: ignore[dict-item]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children that are alive
    (a gunicorn master and its worker), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command: state, ppid, …; utime and stime are fields 14 and 15.
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def measure(
    servers: dict[str, tuple[int, int]], paths: dict[str, dict[str, list[str]]]
) -> dict[str, dict[str, dict[str, float]]]:
    """Per scenario, the servers' requests interleaved (one to each in turn), so
    that a change of load on the shared machine falls on both alike; latency
    percentiles and the serving process's CPU time per request."""
    results: dict[str, dict[str, dict[str, float]]] = {name: {} for name in servers}
    first = next(iter(servers))
    for scenario in paths[first]:
        serving = {n: s for n, s in servers.items() if scenario in paths[n]}
        for name, (port, _pid) in serving.items():
            for path in paths[name][scenario][:10]:
                _get(port, path)  # warm-up
        times: dict[str, list[float]] = {name: [] for name in serving}
        cpu: dict[str, float] = {}
        for name, (_port, pid) in serving.items():
            cpu[name] = _cpu_seconds(pid)
        for index in range(len(paths[first][scenario])):
            for name, (port, _pid) in serving.items():
                times[name].append(_get(port, paths[name][scenario][index])[0])
        for name, (_port, pid) in serving.items():
            cpu[name] = _cpu_seconds(pid) - cpu[name]
            ordered = sorted(times[name])
            results[name][scenario] = {
                "p50": statistics.median(ordered) * 1000,
                "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000,
                "max": ordered[-1] * 1000,
                "cpu": cpu[name] / len(ordered) * 1000,
            }
    return results


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    try:
        setup = prepare(args.datasets, args.rows)
        db_path = Path(DATA_DIR) / "datasette" / "bench.db"
        db_path.parent.mkdir()
        datasette_ingest = datasette_db(setup, db_path)
        connection.close()
        paths = scenarios(setup, args.rows, args.requests)
        env = {**os.environ, "CITYHALL_DATA_DIR": DATA_DIR}
        cityhall_port, datasette_port = _free_port(), _free_port()
        cityhall = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{cityhall_port}",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=env,
        )
        datasette = subprocess.Popen(
            [
                str(BIN / "datasette"),
                "serve",
                str(db_path),
                "-p",
                str(datasette_port),
                "-h",
                "127.0.0.1",
                "--setting",
                "sql_time_limit_ms",
                "20000",
                "--setting",
                "max_returned_rows",
                "1000",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(cityhall_port, "/api/3/action/status_show", cityhall)
            _wait(datasette_port, "/bench.json", datasette)
            print(f"load average before the requests: {_loadavg()}")
            results = measure(
                {
                    "cityhall": (cityhall_port, cityhall.pid),
                    "datasette": (datasette_port, datasette.pid),
                },
                paths,
            )
            print(f"load average after the requests: {_loadavg()}")
            first = _get(cityhall_port, paths["cityhall"]["package_search"][0])[1][
                "result"
            ]["count"]
            second = _get(datasette_port, paths["datasette"]["package_search"][0])[
                1
            ].get("filtered_table_rows_count")
        finally:
            _stop(cityhall)
            _stop(datasette)
        print()
        print(
            f"{'scenario':<24} {'server':<10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
            f" {'CPU ms/request':>15}"
        )
        for name in paths["cityhall"]:
            for server_name in ("cityhall", "datasette"):
                if name not in results[server_name]:
                    continue
                r = results[server_name][name]
                print(
                    f"{name:<24} {server_name:<10} {r['p50']:>8.1f} "
                    f"{r['p95']:>8.1f} {r['max']:>8.1f} {r['cpu']:>15.1f}"
                )
        ingest = setup["ingest"]
        print(
            f"\ningest: cityhall {ingest['rows'] / ingest['wall']:,.0f} rows/s "
            f"(validated, typed, indexed); sqlite-utils "
            f"{datasette_ingest['rows'] / datasette_ingest['wall']:,.0f} rows/s "
            f"(text columns, then the same indexes)"
        )
        print(
            f"first package_search query: cityhall {first} datasets, datasette {second}"
        )
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
