"""Parse and match a generated 100,000-record Zengin file (消込 benchmark).

What it does (``python bench/zengin.py``):

1. generates, in memory, ``--records`` open invoices (random 10-digit payment
   numbers with their check digit, amounts, kana names) and a 振込入金通知
   (200-byte records, CRLF) with one transfer per invoice: most quote the
   payment number as requester code, some only the payer's name (matched by
   amount and kana name), some fit nothing (unknown reference and name);
2. times (wall clock and this process's CPU time, as the machine is shared),
   in the same run and on the same bytes, a bare read-and-split (read
   the file, split it into records) as the floor, then the full parse (every
   field decoded, era dates, trailer totals checked) and the match
   (``movements_from`` + ``movements_match``, the code ``import_bank_file``
   runs between reading the file and writing the results);
3. prints the timings, the share matched automatically, and whether the issue's
   targets (≥ 98 % matched, parse + match under 10 s) are met; exits 1 if not.

The invoice index is built in memory from the generated invoices, exactly the
structure ``InvoiceIndex.load`` builds from the database, so the figure is the
CPU cost of parsing and matching without the database's. The database writes
of an import are not part of this figure.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CITYHALL_DATA_DIR", tempfile.mkdtemp(prefix="cityhall-bench-"))

import django  # noqa: E402

django.setup()

from cityhall.payments.payeasy import payment_number_generate  # noqa: E402
from cityhall.payments.payer_names import payer_name_fold  # noqa: E402
from cityhall.payments.services.reconciliation import (  # noqa: E402
    InvoiceIndex,
    movements_from,
    movements_match,
)
from cityhall.payments.zengin import parse_zengin  # noqa: E402
from cityhall.payments.zengin.writer import (  # noqa: E402
    end_record,
    file_encode,
    record_encode,
)

TARGET_MATCHED = 0.98
TARGET_SECONDS = 10.0
ACCOUNT = {"bank_code": "0129", "branch_code": "101", "account_number": "1234567"}
KANA = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜ"


def _name(rng: random.Random) -> str:
    family = "".join(rng.choice(KANA) for _ in range(rng.randint(2, 5)))
    given = "".join(rng.choice(KANA) for _ in range(rng.randint(2, 4)))
    return f"{family} {given}"


def generate(count: int, seed: int) -> tuple[bytes, InvoiceIndex]:
    rng = random.Random(seed)
    by_reference: dict[str, tuple[int, int, str, str]] = {}
    by_amount_name: dict[tuple[int, str], list[int]] = defaultdict(list)
    by_amount: dict[int, list[int]] = defaultdict(list)
    by_name: dict[str, list[int]] = defaultdict(list)
    info: dict[int, tuple[str, int, str, str]] = {}
    rows = []
    pk = 0
    while pk < count:
        reference = payment_number_generate(digits=10)
        if reference.lstrip("0") in by_reference:
            continue
        pk += 1
        amount = rng.randrange(1_000, 300_000, 100)
        name = _name(rng)
        kana = payer_name_fold(name)
        by_reference[reference.lstrip("0")] = (pk, amount, kana, "open")
        by_amount_name[(amount, kana)].append(pk)
        by_amount[amount].append(pk)
        by_name[kana].append(pk)
        info[pk] = (reference, amount, kana, "open")
        roll = rng.random()
        if roll < 0.97:  # quotes the payment number
            row = {"requester_code": reference, "requester_name": name}
        elif roll < 0.985:  # name only: matched by amount and kana name
            row = {"requester_name": name}
        else:  # nothing to go on
            row = {"requester_code": "9999999999", "requester_name": "ﾌﾒｲ"}
        rows.append({"amount": amount, **row})
    index = InvoiceIndex(by_reference, by_amount_name, by_amount, by_name, info)
    header = record_encode(
        "01",
        "1",
        {
            "code_type": "0",
            "created_on": "071201",
            "period_from": "071201",
            "period_to": "071201",
            "account_type": "1",
            "account_name": "ｼﾔｸｼﾖ",
            **ACCOUNT,
        },
    )
    data = [
        record_encode(
            "01",
            "2",
            {
                "inquiry_number": str(n % 1_000_000).zfill(6),
                "value_date": "071201",
                "start_date": "071201",
                **row,
            },
        )
        for n, row in enumerate(rows, start=1)
    ]
    trailer = record_encode(
        "01", "8", {"count": len(rows), "total": sum(r["amount"] for r in rows)}
    )
    return file_encode([header, *data, trailer, end_record("01")]), index


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    content, index = generate(args.records, args.seed)
    generated = time.perf_counter() - started
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as handle:
        handle.write(content)
        path = Path(handle.name)
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        raw = path.read_bytes()
        records = raw.splitlines()
        t_split, c_split = time.perf_counter() - t0, time.process_time() - c0

        t0, c0 = time.perf_counter(), time.process_time()
        parsed = parse_zengin(path.read_bytes())
        t_parse, c_parse = time.perf_counter() - t0, time.process_time() - c0

        t0, c0 = time.perf_counter(), time.process_time()
        movements, _skipped = movements_from(parsed)
        account = movements[0].account
        decisions = movements_match(
            movements,
            index=index,
            configured_accounts={account},
            known_keys=set(),
        )
        t_match, c_match = time.perf_counter() - t0, time.process_time() - c0
    finally:
        path.unlink()

    matched = sum(1 for d in decisions if d.invoice_id is not None)
    share = matched / len(decisions)
    total = t_parse + t_match
    print(f"file: {len(raw):,} bytes, {len(records):,} records (200 bytes, CRLF)")
    print(f"generation (not timed below): {generated:.2f} s")
    print("                        wall ms     CPU ms")
    print(f"bare read-and-split:  {t_split * 1000:9.1f}  {c_split * 1000:9.1f}")
    print(f"parse (all fields):   {t_parse * 1000:9.1f}  {c_parse * 1000:9.1f}")
    print(f"match:                {t_match * 1000:9.1f}  {c_match * 1000:9.1f}")
    print(
        f"parse + match:        {total * 1000:9.1f}  {(c_parse + c_match) * 1000:9.1f}"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"matched automatically: {matched:,} of {len(decisions):,} ({share:.2%})")
    ok = share >= TARGET_MATCHED and total < TARGET_SECONDS
    print(
        f"targets (≥ {TARGET_MATCHED:.0%} matched, < {TARGET_SECONDS:.0f} s): "
        + ("met" if ok else "NOT met")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
