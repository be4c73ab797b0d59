"""Registration rules for map layers, applied on every import of located rows.

Any import that brings points onto the map (an open-data resource of shelters,
AEDs, Wi-Fi spots…) passes its rows through :func:`layer_rows_check` before the
rows go live. The rules:

* required columns are filled in;
* latitude and longitude are numbers (full-width digits accepted) in range
  (both may be left empty only in a table whose schema marks its location as
  optional, ``x-location-optional`` on both fields: an event without a venue);
* the point lies inside the municipality's outline (a swapped latitude and
  longitude, a typo in a degree or a point of the neighbouring town fails here);
* no row repeats another: the same identifier, or the same name at (nearly) the
  same place.

The check only reads; it returns every problem with its row and column so that
the caller's validation report can name them, and the caller decides to reject.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from cityhall.common.normalize import nfkc, normalize_name
from cityhall.core.models import Municipality
from cityhall.gis.geometry import distance_m, outline_contains
from cityhall.gis.models import MunicipalityOutline

#: Two rows with the same name closer than this are one place registered twice.
DUPLICATE_DISTANCE_M = 10.0


@dataclass(frozen=True)
class RowProblem:
    """One broken rule: ``row`` as the caller numbers its rows, ``column`` as
    named in the file."""

    row: int
    column: str
    code: str
    message: str


@dataclass(frozen=True)
class LayerColumns:
    """Which columns of the rows hold what; ``location_optional``: a row may
    leave both coordinates empty (it is then not a place and not checked)."""

    latitude: str
    longitude: str
    name: str
    identifier: str = ""
    required: Sequence[str] = ()
    location_optional: bool = False


def coordinate_parse(value: Any) -> float | None:
    """A coordinate cell as a float (``３６．８７``, `` 36.87 ``), or None."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = nfkc(str(value))
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number else None  # NaN is not a coordinate


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not nfkc(value))


def layer_rows_check(
    *,
    municipality: Municipality,
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    columns: LayerColumns,
    duplicate_distance_m: float = DUPLICATE_DISTANCE_M,
) -> list[RowProblem]:
    """Every registration-rule problem of ``rows`` (pairs of row number and
    cells by column name), in row order; an empty list means the rows pass.

    Without a stored outline the inside-the-municipality rule cannot be
    applied and is skipped (the other rules still are).
    """
    outline = MunicipalityOutline.objects.filter(municipality=municipality).first()
    outline_json = json.dumps(outline.geometry, sort_keys=True) if outline else ""
    outline_key = f"{outline.pk}:{outline.updated_at.isoformat()}" if outline else ""
    problems: list[RowProblem] = []
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, list[tuple[int, float, float]]] = {}
    for number, row in rows:
        for column in columns.required:
            if _is_blank(row.get(column)):
                problems.append(
                    RowProblem(
                        number,
                        column,
                        "required",
                        _("This column must be filled in."),
                    )
                )
        lat = coordinate_parse(row.get(columns.latitude))
        lon = coordinate_parse(row.get(columns.longitude))
        located = True
        unplaced = (
            columns.location_optional
            and _is_blank(row.get(columns.latitude))
            and _is_blank(row.get(columns.longitude))
        )
        for column, value, limit in (
            ()
            if unplaced
            else (
                (columns.latitude, lat, 90.0),
                (columns.longitude, lon, 180.0),
            )
        ):
            if value is None:
                located = False
                if not _is_blank(row.get(column)) or column not in columns.required:
                    problems.append(
                        RowProblem(
                            number,
                            column,
                            "coordinate_invalid",
                            _("Give the coordinate as a decimal number of degrees."),
                        )
                    )
            elif abs(value) > limit:
                located = False
                problems.append(
                    RowProblem(
                        number,
                        column,
                        "coordinate_out_of_range",
                        _("The coordinate is out of range."),
                    )
                )
        inside = (
            outline is None
            or not located
            or lat is None
            or lon is None
            or outline_contains(
                cache_key=outline_key,
                geometry_json=outline_json,
                latitude=lat,
                longitude=lon,
            )
        )
        if not inside:
            problems.append(
                RowProblem(
                    number,
                    columns.latitude,
                    "outside_municipality",
                    _(
                        "The point (%(lat)s, %(lon)s) is outside the "
                        "municipality. Check that latitude and longitude "
                        "are not swapped."
                    )
                    % {"lat": lat, "lon": lon},
                )
            )
        identifier = (
            nfkc(str(row.get(columns.identifier) or "")) if columns.identifier else ""
        )
        if identifier:
            if identifier in seen_ids:
                problems.append(
                    RowProblem(
                        number,
                        columns.identifier,
                        "duplicate",
                        _("The same identifier is already used in row %(row)s.")
                        % {"row": seen_ids[identifier]},
                    )
                )
            else:
                seen_ids[identifier] = number
        name = normalize_name(str(row.get(columns.name) or "")).casefold()
        if name and located and lat is not None and lon is not None:
            for other_number, other_lat, other_lon in seen_names.get(name, []):
                if distance_m(lat, lon, other_lat, other_lon) <= duplicate_distance_m:
                    problems.append(
                        RowProblem(
                            number,
                            columns.name,
                            "duplicate",
                            _(
                                "Row %(row)s already registers the same place "
                                "under this name."
                            )
                            % {"row": other_number},
                        )
                    )
                    break
            seen_names.setdefault(name, []).append((number, lat, lon))
    return problems


#: Column names for the standard datasets (自治体標準オープンデータセット) and
#: plain English tables.
LATITUDE_COLUMNS = ("緯度", "latitude", "lat")
LONGITUDE_COLUMNS = ("経度", "longitude", "lon", "lng")
NAME_COLUMNS = ("名称", "name")
IDENTIFIER_COLUMNS = ("ID", "id")


def layer_columns_for(
    field_names: Sequence[str], *, location_optional: bool = False
) -> LayerColumns | None:
    """Which columns of a table hold coordinates, name and identifier; None
    when the table has no coordinates (the rules do not apply to it)."""
    names = set(field_names)

    def first(options: Sequence[str]) -> str:
        return next((option for option in options if option in names), "")

    latitude, longitude = first(LATITUDE_COLUMNS), first(LONGITUDE_COLUMNS)
    if not latitude or not longitude:
        return None
    name = first(NAME_COLUMNS)
    return LayerColumns(
        latitude=latitude,
        longitude=longitude,
        name=name,
        identifier=first(IDENTIFIER_COLUMNS),
        required=(name,) if name else (),
        location_optional=location_optional,
    )


#: Table Schema field property (a Cityhall extension) that lets a row leave
#: the coordinate empty; both coordinate fields must carry it.
LOCATION_OPTIONAL = "x-location-optional"


def opendata_import_check(
    *, fields: list[dict[str, Any]], rows: Iterable[tuple[int, Mapping[str, Any]]]
) -> list[Any]:
    """The registration rules as an open-data import check
    (:mod:`cityhall.opendata.import_checks`): tables with coordinates must
    have their points inside the municipality and no duplicates."""
    from cityhall.core.selectors.organisation import municipality_current
    from cityhall.opendata.import_checks import ImportProblem

    columns = layer_columns_for([field["name"] for field in fields])
    if columns is not None:
        coordinate_fields = [
            field
            for field in fields
            if field["name"] in (columns.latitude, columns.longitude)
        ]
        if all(field.get(LOCATION_OPTIONAL) is True for field in coordinate_fields):
            columns = layer_columns_for(
                [field["name"] for field in fields], location_optional=True
            )
    municipality = municipality_current()
    if columns is None or municipality is None:
        return []
    return [
        ImportProblem(
            row=problem.row,
            column=problem.column,
            code=f"gis-{problem.code}".replace("_", "-"),
            message=_("Row %(row)d, column %(column)s: %(problem)s")
            % {
                "row": problem.row,
                "column": problem.column,
                "problem": problem.message,
            },
        )
        for problem in layer_rows_check(
            municipality=municipality, rows=rows, columns=columns
        )
    ]
