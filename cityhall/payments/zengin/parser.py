"""Parse a Zengin file into header/data/trailer groups, checking everything.

A file is a sequence of fixed-length records in CP932 (JIS X 0201 half-width
katakana are single bytes, so lengths are in bytes): one or more groups of a
header (1), data records (2) and a trailer (8), then one end record (9).
Records may be separated by CRLF or LF, or follow each other with no separator
at all; a trailing EOF byte (0x1A) is ignored.

Any defect rejects the whole file with a :class:`ZenginFormatError` naming the
1-based record number and a stable reason, so a caller can refuse the import
before changing anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cityhall.payments.errors import BankFileError
from cityhall.payments.zengin.dates import mmdd_parse, wareki_yymmdd_parse
from cityhall.payments.zengin.layouts import (
    DATA,
    DIRECT_DEBIT,
    DIRECT_DEBIT_RESULTS,
    END,
    HEADER,
    LAYOUTS,
    RECORD_LENGTH,
    STATEMENT,
    TRAILER,
    TRANSFER_NOTICE,
)


class ZenginFormatError(BankFileError):
    """A Zengin file that cannot be read as a whole; ``line`` and ``reason``
    say where and why."""


@dataclass(slots=True)
class ZenginRecord:
    line: int
    fields: dict[str, Any]


@dataclass
class ZenginGroup:
    """One header-data-trailer run: one account's movements."""

    header: ZenginRecord
    records: list[ZenginRecord] = field(default_factory=list)
    trailer: ZenginRecord | None = None


@dataclass
class ZenginFile:
    kind: str
    record_length: int
    groups: list[ZenginGroup]

    @property
    def data_records(self) -> list[ZenginRecord]:
        return [record for group in self.groups for record in group.records]


def _error(line: int, reason: str, message: str) -> ZenginFormatError:
    return ZenginFormatError(
        _("Line %(line)s: %(message)s") % {"line": line, "message": message},
        line=line,
        reason=reason,
    )


def _split(data: bytes) -> tuple[str, int, list[bytes]]:
    data = data.rstrip(b"\x1a")
    if not data.strip():
        raise _error(0, "empty_file", _("the file is empty."))
    kind = data[1:3].decode("ascii", "replace")
    if data[:1] != b"1" or kind not in RECORD_LENGTH:
        raise _error(
            1,
            "unknown_kind",
            _("the first record is not a header of a supported Zengin format."),
        )
    length = RECORD_LENGTH[kind]
    if b"\n" in data or b"\r" in data:
        lines = data.splitlines()
        while lines and not lines[-1].strip():
            lines.pop()
    else:
        if len(data) % length:
            raise _error(
                len(data) // length + 1,
                "record_length",
                _("the file is not a whole number of %(length)s-byte records.")
                % {"length": length},
            )
        lines = [data[i : i + length] for i in range(0, len(data), length)]
    for number, line in enumerate(lines, start=1):
        if len(line) != length:
            raise _error(
                number,
                "record_length",
                _("the record is %(actual)s bytes long, not %(length)s.")
                % {"actual": len(line), "length": length},
            )
    return kind, length, lines


def _compile(
    layout: tuple[tuple[str, int, str], ...],
) -> list[tuple[str, int, int, str]]:
    plan = []
    offset = 0
    for name, length, kind in layout:
        if kind != "X":
            plan.append((name, offset, offset + length, kind))
        offset += length
    return plan


def _read(
    raw: bytes,
    plan: list[tuple[str, int, int, str]],
    line: int,
    reference: dt.date,
) -> dict[str, Any]:
    # Zengin text is single-byte CP932 (ASCII and half-width katakana), so a
    # record usually decodes to as many characters as it has bytes and can be
    # sliced once decoded; a record with a double-byte character is sliced as
    # bytes, field by field, and its fields decoded one at a time.
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        text = ""
    whole = len(text) == len(raw)
    values: dict[str, Any] = {}
    for name, start, end, kind in plan:
        if whole:
            chunk = text[start:end]
        else:
            try:
                chunk = raw[start:end].decode("cp932")
            except UnicodeDecodeError as exc:
                raise _error(
                    line,
                    "decode",
                    _("field %(field)s is not valid Shift_JIS (CP932).")
                    % {"field": name},
                ) from exc
        if kind == "C":
            values[name] = chunk.rstrip(" ")
            continue
        if not (chunk.isascii() and chunk.isdigit()):
            raise _error(
                line,
                "not_numeric",
                _("field %(field)s must be digits, found %(value)r.")
                % {"field": name, "value": chunk},
            )
        if kind == "N":
            values[name] = chunk
        elif kind == "A":
            values[name] = int(chunk)
        else:
            try:
                values[name] = (
                    wareki_yymmdd_parse(chunk, reference)
                    if kind == "W"
                    else mmdd_parse(chunk, reference)
                )
            except ValueError as exc:
                raise _error(
                    line,
                    "invalid_date",
                    _("field %(field)s is not a valid date: %(value)s.")
                    % {"field": name, "value": chunk},
                ) from exc
    return values


def _check_group(kind: str, group: ZenginGroup) -> None:
    trailer = group.trailer
    assert trailer is not None
    totals = trailer.fields
    records = [r.fields for r in group.records]

    def mismatch(label: str, expected: int, actual: int) -> None:
        if expected != actual:
            raise _error(
                trailer.line,
                "trailer_mismatch",
                _(
                    "the trailer's %(label)s is %(expected)s "
                    "but the data add up to %(actual)s."
                )
                % {"label": label, "expected": expected, "actual": actual},
            )

    if kind == TRANSFER_NOTICE:
        mismatch("count", totals["count"], len(records))
        mismatch("total", totals["total"], sum(r["amount"] for r in records))
    elif kind == STATEMENT:
        deposits = [r for r in records if r["direction"] == "1"]
        withdrawals = [r for r in records if r["direction"] == "2"]
        mismatch("deposit count", totals["deposit_count"], len(deposits))
        mismatch(
            "deposit total", totals["deposit_total"], sum(r["amount"] for r in deposits)
        )
        mismatch("withdrawal count", totals["withdrawal_count"], len(withdrawals))
        mismatch(
            "withdrawal total",
            totals["withdrawal_total"],
            sum(r["amount"] for r in withdrawals),
        )
    else:
        ok = [r for r in records if r["result_code"] == "0"]
        failed = [r for r in records if r["result_code"] != "0"]
        mismatch("count", totals["count"], len(records))
        mismatch("total", totals["total"], sum(r["amount"] for r in records))
        mismatch("succeeded count", totals["succeeded_count"], len(ok))
        mismatch(
            "succeeded total", totals["succeeded_total"], sum(r["amount"] for r in ok)
        )
        mismatch("failed count", totals["failed_count"], len(failed))
        mismatch(
            "failed total", totals["failed_total"], sum(r["amount"] for r in failed)
        )


def _check_data(kind: str, record: ZenginRecord) -> None:
    fields = record.fields
    if kind == STATEMENT and fields["direction"] not in ("1", "2"):
        raise _error(
            record.line,
            "invalid_value",
            _("入払区分 must be 1 (deposit) or 2 (withdrawal)."),
        )
    if kind == DIRECT_DEBIT and fields["result_code"] not in DIRECT_DEBIT_RESULTS:
        raise _error(
            record.line,
            "invalid_value",
            _("unknown direct debit result code %(code)r.")
            % {"code": fields["result_code"]},
        )


def parse_zengin(data: bytes, *, today: dt.date | None = None) -> ZenginFile:
    """Read and check a whole Zengin file; raise :class:`ZenginFormatError`.

    ``today`` is the reference for era dates without an era (default: today in
    Asia/Tokyo).
    """
    reference = today or timezone.localdate()
    kind, length, lines = _split(data)
    plans = {
        record_type: _compile(LAYOUTS[(kind, record_type)])
        for record_type in (HEADER, DATA, TRAILER)
    }
    groups: list[ZenginGroup] = []
    current: ZenginGroup | None = None
    ended = False
    for number, raw in enumerate(lines, start=1):
        record_type = raw[:1].decode("ascii", "replace")
        if ended:
            raise _error(number, "record_order", _("a record follows the end record."))
        if record_type == HEADER:
            if current is not None:
                raise _error(
                    number, "record_order", _("a header before the previous trailer.")
                )
            fields = _read(raw, plans[HEADER], number, reference)
            if fields["kind"] != kind:
                raise _error(
                    number,
                    "record_order",
                    _("a header of another format in the same file."),
                )
            if fields["code_type"] != "0":
                raise _error(
                    number,
                    "unsupported_code_type",
                    _("only the JIS/Shift_JIS code type (0) is supported."),
                )
            current = ZenginGroup(header=ZenginRecord(number, fields))
        elif record_type == DATA:
            if current is None:
                raise _error(
                    number,
                    "record_order",
                    _("a data record outside header and trailer."),
                )
            record = ZenginRecord(number, _read(raw, plans[DATA], number, reference))
            _check_data(kind, record)
            current.records.append(record)
        elif record_type == TRAILER:
            if current is None:
                raise _error(number, "record_order", _("a trailer without a header."))
            current.trailer = ZenginRecord(
                number, _read(raw, plans[TRAILER], number, reference)
            )
            _check_group(kind, current)
            groups.append(current)
            current = None
        elif record_type == END:
            if current is not None:
                raise _error(
                    number, "record_order", _("the end record comes before a trailer.")
                )
            ended = True
        else:
            raise _error(
                number,
                "unknown_record_type",
                _("unknown record type %(type)r.") % {"type": record_type},
            )
    if not ended:
        raise _error(len(lines), "missing_end", _("the end record (9) is missing."))
    if not groups:
        raise _error(1, "record_order", _("the file has no header."))
    return ZenginFile(kind=kind, record_length=length, groups=groups)
