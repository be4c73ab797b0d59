"""The collections CSV for the financial system (財務会計システム).

One line per day, 税目 and channel: date, subject code, channel code, number
of payments, yen paid, yen refunded, net yen. Shift_JIS with CRLF by default,
which is what most municipal financial systems read; UTF-8 on request.
"""

from __future__ import annotations

import csv
import io
from typing import Any

COLUMNS = ("date", "subject", "channel", "count", "paid", "refunded", "net")


def collections_csv(rows: list[dict[str, Any]], *, encoding: str = "cp932") -> bytes:
    """Render rows of ``collections_by_subject_and_day`` as CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            (
                row["day"].isoformat(),
                row["subject"],
                row["channel"],
                row["count"],
                row["paid"],
                row["refunded"],
                row["paid"] - row["refunded"],
            )
        )
    return buffer.getvalue().encode(encoding)
