"""Extension point: further checks on the rows of every tabular upload.

Another app that has rules for some rows (the gis app's registration rules for
located rows: inside the municipality, no duplicates) registers a check from its
``AppConfig.ready()``; :func:`cityhall.opendata.services.resources.resource_upload`
runs every check on a table that passed its own validation, before the version
goes live. A problem rejects the upload like any validation error, so the
previous version stays live. Registering keeps opendata free of imports of the
apps that add rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cityhall.opendata.validation import Value


@dataclass(frozen=True)
class ImportProblem:
    """One problem: ``row`` is the file's line (header = 1), ``column`` its name."""

    row: int
    column: str
    code: str
    message: str


#: check(fields=Table Schema field descriptors, rows=(line, {column: value}))
ImportCheck = Callable[..., list[ImportProblem]]

_checks: dict[str, ImportCheck] = {}


def import_check_register(name: str, check: ImportCheck) -> None:
    """Add (or replace) the check ``name``. The check is called with keyword
    arguments ``fields`` (list of field descriptors) and ``rows`` (an iterable
    of ``(line_number, {column: value})``, read once) and returns problems."""
    _checks[name] = check


def import_checks_run(
    *, fields: list[dict[str, Any]], rows: Callable[[], Iterable[Mapping[str, Value]]]
) -> list[ImportProblem]:
    """Every registered check's problems; ``rows()`` gives a fresh iterator of
    the table's rows as dicts, in file order (line 2 onwards)."""
    problems: list[ImportProblem] = []
    for check in _checks.values():
        numbered = ((line, row) for line, row in enumerate(rows(), start=2))
        problems.extend(check(fields=fields, rows=numbered))
    return problems
