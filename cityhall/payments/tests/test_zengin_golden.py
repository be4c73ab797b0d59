"""Golden-file tests of the Zengin parser.

Each fixture under ``golden/`` sits beside ``<name>.expected.json``: the parse
result (or the error, with its line and reason) written once and checked by
hand. The fixtures cover every record type of the three formats, era dates
across the 平成/令和 boundary, half-width katakana names with voiced marks,
CRLF, LF and no line breaks, and the malformed cases: wrong trailer total,
missing end record, a short record, an impossible date, a letter in an amount.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from cityhall.payments.zengin import ZenginFile, ZenginFormatError, parse_zengin

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 1, 15)
FIXTURES = sorted(p for p in GOLDEN.iterdir() if p.suffix in (".txt", ".dat"))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def parse_to_json(path: Path) -> dict[str, Any]:
    try:
        parsed: ZenginFile = parse_zengin(path.read_bytes(), today=TODAY)
    except ZenginFormatError as exc:
        return {"error": {"line": exc.line, "reason": exc.reason}}
    return _jsonable(
        {
            "kind": parsed.kind,
            "record_length": parsed.record_length,
            "groups": [
                {
                    "header": {"line": g.header.line, **g.header.fields},
                    "records": [{"line": r.line, **r.fields} for r in g.records],
                    "trailer": {"line": g.trailer.line, **g.trailer.fields},
                }
                for g in parsed.groups
            ],
        }
    )


def test_every_format_has_a_golden_file():
    """There is at least one valid fixture of each of the three formats."""
    kinds = {parse_to_json(p).get("kind") for p in FIXTURES}
    assert {"01", "03", "91"} <= kinds


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_golden(path):
    """The parse of the fixture equals its expected JSON."""
    expected = json.loads(path.with_suffix(path.suffix + ".expected.json").read_text())
    assert parse_to_json(path) == expected


def test_era_boundary_and_kana_in_transfer_notice():
    """平成31年4月30日 and 令和元年5月1日 read as consecutive days; ﾀﾅｶ ﾊﾅｺ and
    ｻﾄｳ ｼﾞﾛｳ decode from CP932 half-width katakana."""
    parsed = parse_zengin(
        (GOLDEN / "transfer_notice_crlf.txt").read_bytes(), today=TODAY
    )
    first, second, _third = parsed.data_records
    assert first.fields["value_date"] == dt.date(2019, 4, 30)
    assert second.fields["value_date"] == dt.date(2019, 5, 1)
    assert first.fields["requester_name"] == "ﾀﾅｶ ﾊﾅｺ"
    assert second.fields["requester_name"] == "ｻﾄｳ ｼﾞﾛｳ"


def test_file_without_line_breaks_reads_like_one_with():
    """The statement fixture has no CRLF; the same bytes with CRLF parse alike."""
    raw = (GOLDEN / "statement_no_newline.dat").read_bytes()
    with_breaks = b"\r\n".join(raw[i : i + 200] for i in range(0, len(raw), 200))
    assert parse_zengin(raw, today=TODAY) == parse_zengin(with_breaks, today=TODAY)


def test_wrong_trailer_total_names_the_trailer_line():
    """The error message names line 5 (the trailer) and both totals."""
    with pytest.raises(ZenginFormatError) as info:
        parse_zengin((GOLDEN / "error_trailer_total.txt").read_bytes(), today=TODAY)
    assert info.value.line == 5 and info.value.reason == "trailer_mismatch"
    assert "78301" in str(info.value.message) and "78300" in str(info.value.message)


def test_eof_marker_and_trailing_blank_line_are_ignored():
    """A DOS EOF byte (0x1A) after the end record does not break the parse."""
    raw = (GOLDEN / "transfer_notice_crlf.txt").read_bytes()
    assert parse_zengin(raw + b"\x1a", today=TODAY).kind == "01"


def test_ebcdic_code_type_is_refused():
    """Code type 1 (EBCDIC) is reported, not misread."""
    raw = bytearray((GOLDEN / "transfer_notice_crlf.txt").read_bytes())
    raw[3:4] = b"1"
    with pytest.raises(ZenginFormatError) as info:
        parse_zengin(bytes(raw), today=TODAY)
    assert (info.value.line, info.value.reason) == (1, "unsupported_code_type")


def test_unknown_direct_debit_result_code_is_refused():
    """A result code outside the table rejects the file at that line."""
    lines = (GOLDEN / "direct_debit_results_lf.txt").read_bytes().split(b"\n")
    lines[1] = lines[1][:111] + b"7" + lines[1][112:]
    with pytest.raises(ZenginFormatError) as info:
        parse_zengin(b"\n".join(lines), today=TODAY)
    assert (info.value.line, info.value.reason) == (2, "invalid_value")


def test_data_before_header_is_refused():
    """A data record as the first line is not a supported header."""
    lines = (GOLDEN / "transfer_notice_crlf.txt").read_bytes().split(b"\r\n")
    with pytest.raises(ZenginFormatError) as info:
        parse_zengin(b"\r\n".join(lines[1:]), today=TODAY)
    assert (info.value.line, info.value.reason) == (1, "unknown_kind")
