"""Validation of a table against a Table Schema, row by row.

Our own validator on the Frictionless Table Schema descriptor (field types
``string``, ``integer``, ``number``, ``date``, ``time``, ``boolean``; constraints
``required``, ``unique``, ``pattern``, ``enum``, ``minimum``, ``maximum``) rather
than the ``frictionless`` library: it streams a million-row file in one pass
while the rows are loaded into the datastore, and it maps the older
推奨データセット column layout onto the current one (see
:mod:`cityhall.opendata.table_schemas`). docs/opendata.md lists the
differences from frictionless.

Every error names the spreadsheet row (the header is row 1) and the column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from cityhall.opendata.table_schemas import TableSchema

#: Errors kept in a report (all are counted).
MAX_REPORTED_ERRORS = 500
#: Rows read to guess the types of a table without a schema.
INFER_SAMPLE_ROWS = 10_000

Value = str | int | float | None


class _CellError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


_GROUPED_INT = re.compile(r"[+-]?\d{1,3}(,\d{3})+")


def _parse_integer(text: str) -> int:
    if text.isascii() and text.isdigit():  # the common case, fast
        return int(text)
    text = _nfkc(text)
    if _GROUPED_INT.fullmatch(text):
        text = text.replace(",", "")
    try:
        return int(text)
    except ValueError:
        raise _CellError("type-error", _("is not a whole number")) from None


def _parse_number(text: str) -> float:
    if text.isascii() and "_" not in text:
        try:
            number = float(text)
        except ValueError:
            pass
        else:
            if number == number and abs(number) != float("inf"):
                return number
    text = _nfkc(text)
    if _GROUPED_INT.fullmatch(text):
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        raise _CellError("type-error", _("is not a number")) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise _CellError("type-error", _("is not a number"))
    return number


_DATE_RE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?")


_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_date(text: str) -> str:
    if _ISO_DATE_RE.fullmatch(text):
        try:
            dt.date.fromisoformat(text)
            return text
        except ValueError:
            pass
    match = _DATE_RE.fullmatch(_nfkc(text))
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            pass
    raise _CellError("type-error", _("is not a date (YYYY-MM-DD)"))


_TIME_RE = re.compile(r"(\d{1,2})[:時](\d{2})(?::(\d{2}))?分?")


def _parse_time(text: str) -> str:
    match = _TIME_RE.fullmatch(_nfkc(text))
    if match:
        hour, minute = int(match[1]), int(match[2])
        second = int(match[3] or 0)
        # 24:00 is how Japanese opening hours say "until midnight".
        in_day = hour < 24 or (hour == 24 and minute == second == 0)
        if in_day and minute < 60 and second < 60:
            value = f"{hour:02d}:{minute:02d}"
            return f"{value}:{second:02d}" if second else value
    raise _CellError("type-error", _("is not a time (HH:MM)"))


_TRUE = {"true", "1", "yes", "有", "○", "◯", "はい"}
_FALSE = {"false", "0", "no", "無", "×", "いいえ"}


def _parse_boolean(text: str) -> str:
    folded = _nfkc(text).casefold()
    if folded in _TRUE:
        return "true"
    if folded in _FALSE:
        return "false"
    raise _CellError("type-error", _("is not yes or no"))


_PARSERS: dict[str, Callable[[str], Value]] = {
    "string": lambda text: text,
    "integer": _parse_integer,
    "number": _parse_number,
    "date": _parse_date,
    "time": _parse_time,
    "boolean": _parse_boolean,
}


def _field_checker(descriptor: dict[str, Any]) -> Callable[[str], Value]:
    """A function turning one cell's text into its typed value, or raising."""
    parse = _PARSERS.get(descriptor.get("type", "string"), _PARSERS["string"])
    constraints = descriptor.get("constraints", {})
    required = bool(constraints.get("required"))
    pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
    enum = set(constraints["enum"]) if "enum" in constraints else None
    minimum = constraints.get("minimum")
    maximum = constraints.get("maximum")

    if (
        descriptor.get("type", "string") == "string"
        and not required
        and pattern is None
        and enum is None
    ):
        # Most columns: any text, empty is missing.
        def check_text(text: str) -> Value:
            return text if text and not text.isspace() else None

        return check_text

    def check(text: str) -> Value:
        if not text or text.isspace():
            if required:
                raise _CellError("required-error", _("is required"))
            return None
        value = parse(text)
        if pattern is not None and not pattern.fullmatch(str(value)):
            raise _CellError("pattern-error", _("does not have the expected form"))
        if enum is not None and value not in enum:
            raise _CellError(
                "enum-error",
                _("must be one of: %(values)s")
                % {"values": ", ".join(sorted(v for v in enum if v))},
            )
        if minimum is not None and isinstance(value, int | float) and value < minimum:
            raise _CellError(
                "minimum-error", _("must be at least %(min)s") % {"min": minimum}
            )
        if maximum is not None and isinstance(value, int | float) and value > maximum:
            raise _CellError(
                "maximum-error", _("must be at most %(max)s") % {"max": maximum}
            )
        return value

    # Values repeat down a column (codes, dates, names, small numbers): remember
    # the typed value of recent texts so each distinct text is checked once.
    memo: dict[str, Value] = {}

    def check_memo(text: str) -> Value:
        try:
            return memo[text]
        except KeyError:
            pass
        value = check(text)
        if len(memo) < 4096:
            memo[text] = value
        return value

    return check_memo


@dataclass
class Report:
    """The validation report of one upload (stored as JSON on the version)."""

    schema: str = ""
    encoding: str = ""
    encoding_label: str = ""
    row_count: int = 0
    header_mapping: list[dict[str, str]] = field(default_factory=list)
    combined: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    @property
    def valid(self) -> bool:
        return self.error_count == 0

    def add_error(
        self,
        *,
        row: int,
        column: str,
        column_number: int | None,
        code: str,
        message: str,
    ) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(
                {
                    "row": row,
                    "column": column,
                    "column_number": column_number,
                    "code": code,
                    "message": message,
                }
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "schema": self.schema,
            "encoding": self.encoding,
            "encoding_label": self.encoding_label,
            "row_count": self.row_count,
            "header_mapping": self.header_mapping,
            "combined": self.combined,
            "warnings": self.warnings,
            "errors": self.errors,
            "error_count": self.error_count,
        }


def _infer_type(values: Iterable[str]) -> str:
    kinds = {"integer", "number"}
    seen = False
    for text in values:
        if text == "":
            continue
        seen = True
        if "integer" in kinds:
            try:
                _parse_integer(text)
                continue
            except _CellError:
                kinds.discard("integer")
        try:
            _parse_number(text)
        except _CellError:
            return "string"
    if not seen:
        return "string"
    return "integer" if "integer" in kinds else "number"


class TableValidator:
    """Maps a header row onto a schema's fields, then checks rows one by one.

    ``fields`` is the resulting table's Table Schema fields (the schema's, in its
    order, for a standard table; inferred for a table without a schema).
    :meth:`rows` yields each data row as a tuple of typed values in ``fields``
    order while filling ``report``.
    """

    def __init__(
        self, *, headers: list[str], schema: TableSchema | None, report: Report
    ) -> None:
        self.report = report
        self.schema = schema
        self.headers = headers
        self.fields: list[dict[str, Any]] = []
        self._position: dict[str, int] = {}
        self._combine: dict[str, list[int]] = {}
        self._check_headers()
        if schema is not None:
            self._map_to_schema(schema)

    # -- headers -----------------------------------------------------------

    def _check_headers(self) -> None:
        seen: set[str] = set()
        for number, header in enumerate(self.headers, start=1):
            if not header:
                self.report.add_error(
                    row=1,
                    column="",
                    column_number=number,
                    code="blank-header",
                    message=_("Column %(number)d has no name.") % {"number": number},
                )
            elif header in seen:
                self.report.add_error(
                    row=1,
                    column=header,
                    column_number=number,
                    code="duplicate-header",
                    message=_("Column %(name)s appears twice.") % {"name": header},
                )
            seen.add(header)

    def _map_to_schema(self, schema: TableSchema) -> None:
        names = set(schema.field_names)
        position: dict[str, int] = {}
        for index, header in enumerate(self.headers):
            target = header if header in names else schema.legacy_headers.get(header)
            if target and target in names and target not in position:
                position[target] = index
                if target != header:
                    self.report.header_mapping.append({"from": header, "to": target})
        header_index = {h: i for i, h in enumerate(self.headers)}
        consumed: set[int] = set(position.values())
        for target, sources in schema.legacy_combine.items():
            if target in position or target not in names:
                continue
            if all(source in header_index for source in sources):
                self._combine[target] = [header_index[s] for s in sources]
                consumed.update(header_index[s] for s in sources)
                self.report.combined.append({"to": target, "from": list(sources)})
        for index, header in enumerate(self.headers):
            if index not in consumed and header:
                self.report.warnings.append(
                    _("Column %(name)s is not in the schema and was left out.")
                    % {"name": header}
                )
        self._position = position
        for descriptor in schema.fields:
            name = descriptor["name"]
            required = descriptor.get("constraints", {}).get("required")
            if name not in position and name not in self._combine and required:
                self.report.add_error(
                    row=1,
                    column=name,
                    column_number=None,
                    code="missing-label",
                    message=_("The required column %(name)s is missing.")
                    % {"name": name},
                )
        self.fields = [dict(descriptor) for descriptor in schema.fields]

    # -- rows --------------------------------------------------------------

    def rows(self, raw_rows: Iterator[list[str]]) -> Iterator[tuple[Value, ...]]:
        """Typed rows; errors go to the report (rows with errors are skipped).

        For a table without a schema, the first rows are read at once to infer
        the column types, so ``fields`` is set when this returns.
        """
        if self.schema is None:
            sample: list[list[str]] = []
            for row in raw_rows:
                sample.append(row)
                if len(sample) >= INFER_SAMPLE_ROWS:
                    break
            self.fields = []
            for index, header in enumerate(self.headers):
                column = (row[index] if index < len(row) else "" for row in sample)
                self.fields.append({"name": header, "type": _infer_type(column)})
            return self._rows_inferred(sample, raw_rows)
        return self._rows_schema(raw_rows)

    def _width_error(self, row_number: int, row: list[str]) -> bool:
        width = len(self.headers)
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            self.report.add_error(
                row=row_number,
                column="",
                column_number=width + 1,
                code="extra-cell",
                message=_("Row %(row)d has more cells than there are columns.")
                % {"row": row_number},
            )
            return True
        return False

    def _rows_schema(
        self, raw_rows: Iterator[list[str]]
    ) -> Iterator[tuple[Value, ...]]:
        assert self.schema is not None
        plan: list[
            tuple[str, int | None, list[int] | None, Callable[[str], Value]]
        ] = []
        for descriptor in self.fields:
            name = descriptor["name"]
            plan.append(
                (
                    name,
                    self._position.get(name),
                    self._combine.get(name),
                    _field_checker(descriptor),
                )
            )
        unique = [
            (i, set[Value]())
            for i, d in enumerate(self.fields)
            if d.get("constraints", {}).get("unique")
        ]
        report = self.report
        row_number = 1
        for row in raw_rows:
            row_number += 1
            report.row_count += 1
            if self._width_error(row_number, row):
                continue
            values: list[Value] = []
            ok = True
            for name, index, sources, check in plan:
                if index is not None:
                    text = row[index] if index < len(row) else ""
                    column_number: int | None = index + 1
                elif sources is not None:
                    text = "".join(row[i] if i < len(row) else "" for i in sources)
                    column_number = sources[0] + 1
                else:
                    text, column_number = "", None
                try:
                    values.append(check(text))
                except _CellError as error:
                    ok = False
                    report.add_error(
                        row=row_number,
                        column=name,
                        column_number=column_number,
                        code=error.code,
                        message=_(
                            "Row %(row)d, column %(column)s: %(value)r %(problem)s."
                        )
                        % {
                            "row": row_number,
                            "column": name,
                            "value": text[:50],
                            "problem": error.message,
                        }
                        if text
                        else _("Row %(row)d, column %(column)s %(problem)s.")
                        % {"row": row_number, "column": name, "problem": error.message},
                    )
            if not ok:
                continue
            for i, seen in unique:
                value = values[i]
                if value is None:
                    continue
                if value in seen:
                    report.add_error(
                        row=row_number,
                        column=self.fields[i]["name"],
                        column_number=self._position.get(self.fields[i]["name"], -1)
                        + 1,
                        code="unique-error",
                        message=_(
                            "Row %(row)d, column %(column)s: %(value)r is already "
                            "used in an earlier row."
                        )
                        % {
                            "row": row_number,
                            "column": self.fields[i]["name"],
                            "value": value,
                        },
                    )
                    ok = False
                seen.add(value)
            if ok:
                yield tuple(values)

    def _rows_inferred(
        self, sample: list[list[str]], raw_rows: Iterator[list[str]]
    ) -> Iterator[tuple[Value, ...]]:
        width = len(self.headers)
        checkers = [_field_checker(d) for d in self.fields]
        report = self.report
        row_number = 1

        def all_rows() -> Iterator[list[str]]:
            yield from sample
            yield from raw_rows

        for row in all_rows():
            row_number += 1
            report.row_count += 1
            if self._width_error(row_number, row):
                continue
            values: list[Value] = []
            ok = True
            for index in range(width):
                text = row[index] if index < len(row) else ""
                try:
                    values.append(checkers[index](text))
                except _CellError as error:
                    ok = False
                    report.add_error(
                        row=row_number,
                        column=self.headers[index],
                        column_number=index + 1,
                        code=error.code,
                        message=_(
                            "Row %(row)d, column %(column)s: %(value)r %(problem)s."
                        )
                        % {
                            "row": row_number,
                            "column": self.headers[index],
                            "value": text[:50],
                            "problem": error.message,
                        },
                    )
            if ok:
                yield tuple(values)
