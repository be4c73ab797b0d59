"""The datastore: one real database table per loaded resource version.

Why a table per version (docs/opendata.md, "Datastore"): filters and sorting on
a million rows must use indexes, which a generic key/value or JSON table cannot
give on both SQLite and PostgreSQL. The table is named ``opendata_ds_<pk>`` and
its columns ``c0``, ``c1`` … (the Table Schema field names, Japanese and free
text, never reach SQL: they are looked up in the version's ``fields``). Every
column has an index; ``_id`` is the row number, ``_full_text`` the folded text
of the row for ``q``. Values always travel as query parameters.

This module is the only place that writes SQL; there is no raw-SQL endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from cityhall.common.normalize import fold_for_search
from cityhall.opendata.errors import DatastoreQueryError
from cityhall.opendata.validation import Value, _CellError, _field_checker

#: Rows inserted per statement (or COPY chunk).
BATCH_SIZE = 5_000
#: CKAN's ``ckan.datastore.search.rows_max`` default.
ROWS_MAX = 32_000
DEFAULT_LIMIT = 100

#: CKAN datastore type names of Table Schema types.
CKAN_TYPES = {
    "integer": "int",
    "number": "numeric",
    "date": "date",
    "time": "time",
    "boolean": "bool",
}


def table_name(version_pk: int) -> str:
    return f"opendata_ds_{int(version_pk)}"


def _sql_type(field_type: str) -> str:
    postgres = connection.vendor == "postgresql"
    if field_type == "integer":
        return "BIGINT" if postgres else "INTEGER"
    if field_type == "number":
        return "DOUBLE PRECISION" if postgres else "REAL"
    return "TEXT"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _columns(width: int) -> list[str]:
    return [f"c{i}" for i in range(width)]


@lru_cache(maxsize=65_536)
def _fold(text: str) -> str:
    return fold_for_search(text)


def full_text(values: Sequence[Value]) -> str:
    """What ``q`` searches: the row's values, folded as site search folds.

    Values repeat a lot down a column (district names, dates), so each distinct
    value is folded once.
    """
    return " ".join(
        _fold(v) if isinstance(v, str) else str(v) for v in values if v is not None
    )


def table_create_and_load(
    *, version_pk: int, fields: list[dict[str, Any]], rows: Iterable[Sequence[Value]]
) -> tuple[str, int]:
    """Create the version's table, load ``rows`` and index it.

    Must run inside the caller's transaction, so a failure (or a rejected
    upload) leaves no table behind. Returns (table name, rows loaded).
    """
    name = table_name(version_pk)
    columns = _columns(len(fields))
    definitions = ", ".join(
        [
            f"{_q('_id')} BIGINT PRIMARY KEY"
            if connection.vendor == "postgresql"
            else f"{_q('_id')} INTEGER PRIMARY KEY",
            f"{_q('_full_text')} TEXT NOT NULL",
            *(
                f"{_q(c)} {_sql_type(f.get('type', 'string'))}"
                for c, f in zip(columns, fields, strict=True)
            ),
        ]
    )
    with connection.cursor() as cursor:
        # A table of this name can only be left over from a database that was
        # flushed (tests): version pks are never reused otherwise.
        cursor.execute(f"DROP TABLE IF EXISTS {_q(name)}")
        cursor.execute(f"CREATE TABLE {_q(name)} ({definitions})")
    count = _load(name, columns, rows)
    with connection.cursor() as cursor:
        for column in columns:
            cursor.execute(
                f"CREATE INDEX {_q(f'{name}_{column}')} ON {_q(name)} ({_q(column)})"
            )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {_q(name)}")
    return name, count


def _numbered(rows: Iterable[Sequence[Value]]) -> Iterator[tuple[Any, ...]]:
    for number, row in enumerate(rows, start=1):
        yield (number, full_text(row), *row)


def _load(name: str, columns: list[str], rows: Iterable[Sequence[Value]]) -> int:
    all_columns = ["_id", "_full_text", *columns]
    column_sql = ", ".join(_q(c) for c in all_columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {_q(name)} ({column_sql}) FROM STDIN") as copy:
                for row in _numbered(rows):
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(all_columns))
        sql = f"INSERT INTO {_q(name)} ({column_sql}) VALUES ({placeholders})"  # noqa: S608
        batch: list[tuple[Any, ...]] = []
        for row in _numbered(rows):
            batch.append(row)
            if len(batch) >= BATCH_SIZE:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def table_drop(name: str) -> None:
    """Drop a datastore table (no error when it is already gone)."""
    if not name.startswith("opendata_ds_"):
        raise ValueError(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_q(name)}")


# -- queries ----------------------------------------------------------------


@dataclass(frozen=True)
class DatastoreQuery:
    """A datastore_search request, already parsed (see :func:`query_parse`)."""

    filters: dict[str, list[Value]]
    q: str | dict[str, str]
    fields: list[str] | None
    sort: list[tuple[str, bool]]  # (field, descending)
    limit: int
    offset: int
    include_total: bool = True


@dataclass
class DatastoreResult:
    fields: list[dict[str, Any]]
    records: list[dict[str, Any]]
    total: int | None
    limit: int
    offset: int


def _field_type_map(
    fields: list[dict[str, Any]],
) -> dict[str, tuple[str, dict[str, Any]]]:
    return {f["name"]: (f"c{i}", f) for i, f in enumerate(fields)}


def sort_parse(sort: str) -> list[tuple[str, bool]]:
    """``"年齢 desc, 町丁目名"`` → [("年齢", True), ("町丁目名", False)]."""
    parsed = []
    for part in sort.split(","):
        part = part.strip()
        if not part:
            continue
        descending = False
        words = part.rsplit(None, 1)
        if len(words) == 2 and words[1].lower() in ("asc", "desc"):
            part, descending = words[0].strip(), words[1].lower() == "desc"
        parsed.append((part.strip('"'), descending))
    return parsed


def table_query(
    *,
    table: str,
    fields: list[dict[str, Any]],
    row_count: int,
    query: DatastoreQuery,
) -> DatastoreResult:
    """Run a parsed datastore query on a version's table.

    Unknown field names and values that do not fit a field's type raise
    :class:`DatastoreQueryError` with the offending parameter named.
    """
    columns = _field_type_map(fields)
    errors: dict[str, list[str]] = {}
    where: list[str] = []
    params: list[Any] = []

    for name, values in query.filters.items():
        if name == "_id":
            column, descriptor = "_id", {"type": "integer"}
        elif name in columns:
            column, descriptor = columns[name]
        else:
            errors.setdefault("filters", []).append(
                _("field %(name)s is not in the table") % {"name": name}
            )
            continue
        check = _field_checker({"type": descriptor.get("type", "string")})
        typed: list[Value] = []
        for value in values:
            try:
                typed.append(check(str(value)) if value is not None else None)
            except _CellError:
                errors.setdefault("filters", []).append(
                    _("%(value)r is not a valid value for field %(name)s")
                    % {"value": value, "name": name}
                )
        non_null = [v for v in typed if v is not None]
        parts = []
        if non_null:
            if len(non_null) == 1:
                parts.append(f"{_q(column)} = %s")
            else:
                parts.append(f"{_q(column)} IN ({', '.join(['%s'] * len(non_null))})")
            params.extend(non_null)
        if len(non_null) < len(typed):
            parts.append(f"{_q(column)} IS NULL")
        if parts:
            where.append("(" + " OR ".join(parts) + ")")

    if isinstance(query.q, dict):
        for name, text in query.q.items():
            if name not in columns:
                errors.setdefault("q", []).append(
                    _("field %(name)s is not in the table") % {"name": name}
                )
                continue
            where.append(f"CAST({_q(columns[name][0])} AS TEXT) LIKE %s ESCAPE '\\'")
            params.append(f"%{_like_escape(str(text))}%")
    elif query.q:
        for term in fold_for_search(query.q).split():
            where.append(f"{_q('_full_text')} LIKE %s ESCAPE '\\'")
            params.append(f"%{_like_escape(term)}%")

    order: list[str] = []
    for name, descending in query.sort:
        if name == "_id":
            column = "_id"
        elif name in columns:
            column = columns[name][0]
        else:
            errors.setdefault("sort", []).append(
                _("field %(name)s is not in the table") % {"name": name}
            )
            continue
        direction = "DESC" if descending else "ASC"
        if connection.vendor == "postgresql":
            # Empty cells sort as the smallest value on both databases (SQLite's
            # rule): last when sorting from the largest.
            direction += " NULLS LAST" if descending else " NULLS FIRST"
        order.append(f"{_q(column)} {direction}")
    # Ties are broken by _id in the direction of the last sort key: a single
    # column's index then hands rows over in the final order both ways (it
    # holds (value, _id) pairs), where "value DESC, _id ASC" made SQLite sort
    # every row again (over a second for a deep page of a million rows).
    last_descending = bool(query.sort) and query.sort[-1][1]
    order.append(f"{_q('_id')} {'DESC' if last_descending else 'ASC'}")

    if query.fields is not None:
        selected = []
        for name in query.fields:
            if name == "_id" or name in columns:
                selected.append(name)
            else:
                errors.setdefault("fields", []).append(
                    _("field %(name)s is not in the table") % {"name": name}
                )
    else:
        selected = ["_id", *columns]
    if errors:
        raise DatastoreQueryError(
            "; ".join(m for ms in errors.values() for m in ms), extra={"errors": errors}
        )

    select_sql = ", ".join(
        _q("_id") if name == "_id" else _q(columns[name][0]) for name in selected
    )
    where_sql = f" WHERE {' AND '.join(where)}" if where else ""
    page_sql, page_params = f"{where_sql} ORDER BY {', '.join(order)}", params
    limit_sql, limit_params = "LIMIT %s OFFSET %s", [query.limit, query.offset]
    if not where and all(name == "_id" for name, _descending in query.sort):
        # _id numbers the rows 1…n without gaps (rows are never deleted from a
        # version's table), so in _id order the page starts at a known _id: an
        # index seek instead of stepping over ``offset`` rows (the way the
        # bench's random-offset paging and harvesters walk a table).
        if query.sort and query.sort[0][1]:
            page_sql = f" WHERE {_q('_id')} <= %s ORDER BY {_q('_id')} DESC"
            page_params = [row_count - query.offset]
        else:
            page_sql = f" WHERE {_q('_id')} > %s ORDER BY {_q('_id')} ASC"
            page_params = [query.offset]
        limit_sql, limit_params = "LIMIT %s", [query.limit]
    with connection.cursor() as cursor:
        cursor.execute(
            # Identifiers are our generated column names; values are parameters.
            f"SELECT {select_sql} FROM {_q(table)}{page_sql} {limit_sql}",  # noqa: S608
            [*page_params, *limit_params],
        )
        records = [dict(zip(selected, row, strict=True)) for row in cursor.fetchall()]
        total: int | None = None
        if query.include_total:
            if not where:
                total = row_count
            else:
                count_sql = f"SELECT COUNT(*) FROM {_q(table)}{where_sql}"  # noqa: S608
                cursor.execute(count_sql, params)
                total = int(cursor.fetchone()[0])
    result_fields = [
        {"id": "_id", "type": "int"}
        if name == "_id"
        else {
            "id": name,
            "type": CKAN_TYPES.get(columns[name][1].get("type", "string"), "text"),
        }
        for name in selected
    ]
    return DatastoreResult(
        fields=result_fields,
        records=records,
        total=total,
        limit=query.limit,
        offset=query.offset,
    )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def table_rows(
    *, table: str, width: int, chunk: int = BATCH_SIZE
) -> Iterator[tuple[Value, ...]]:
    """Every row of a version's table in ``_id`` order, fetched in chunks
    (keyset paging, so a million rows stream in constant memory)."""
    select_sql = ", ".join(_q(c) for c in ["_id", *_columns(width)])
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {select_sql} FROM {_q(table)} WHERE {_q('_id')} > %s "  # noqa: S608
                f"ORDER BY {_q('_id')} LIMIT %s",
                [last, chunk],
            )
            batch = cursor.fetchall()
        if not batch:
            return
        for row in batch:
            yield tuple(row[1:])
        last = batch[-1][0]
