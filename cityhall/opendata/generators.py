"""The registry of platform-generated datasets (a documented extension point).

Apps whose data is open data by nature (facilities of the booking app,
events from notices, map layers) register a :class:`DatasetGenerator` in their
``AppConfig.ready()``::

    from cityhall.opendata.generators import (
        DatasetGenerator,
        dataset_generator_register,
    )

    dataset_generator_register(DatasetGenerator(
        key="reservations-facilities",
        name="public-facilities",
        title="公共施設一覧",
        schema_key="public-facilities",
        rows=lambda: [{"名称": f.name, ...} for f in facility_list_public()],
    ))

The hourly task ``generated_datasets_refresh_hourly`` (and the console's
"refresh now") calls ``generated_datasets_refresh`` in
:mod:`cityhall.opendata.services.generators`, which turns each generator's
rows into a CSV and uploads it as a new version of the dataset's one
resource when the content changed; it goes through the
same validation as a staff upload, so a generator producing bad rows leaves
the previous version live and logs the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DatasetGenerator:
    """One dataset the platform builds from its own data.

    ``key`` identifies the generator; ``name`` is the dataset's CKAN name;
    ``schema_key`` a built-in Table Schema (its fields set the columns) or ""
    with ``fields`` giving Table Schema fields; ``rows`` returns one dict per
    row keyed by field name (missing keys are empty cells);
    ``organisation_code`` the 担当課's department code, if any.
    """

    key: str
    name: str
    title: str
    rows: Callable[[], Iterable[dict[str, Any]]]
    schema_key: str = ""
    fields: list[dict[str, Any]] = field(default_factory=list)
    title_translations: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    notes_translations: dict[str, str] = field(default_factory=dict)
    organisation_code: str = ""
    tags: tuple[str, ...] = ()
    group_codes: tuple[str, ...] = ()


_generators: dict[str, DatasetGenerator] = {}


def dataset_generator_register(generator: DatasetGenerator) -> None:
    """Add ``generator`` (registering the same key again replaces it)."""
    _generators[generator.key] = generator


def dataset_generators() -> list[DatasetGenerator]:
    """The registered generators, in registration (app) order."""
    return list(_generators.values())
