"""Built-in Table Schemas (Frictionless) for the 自治体標準オープンデータセット.

Each schema is a JSON Table Schema file in ``cityhall/opendata/schemas/``, keyed
by its file name (``public-facilities``, ``evacuation-sites`` …). Two Cityhall
extensions, kept under ``x-`` names so that other Table Schema tools ignore
them, let a file in the older 推奨データセット layout be accepted:

* ``x-legacy-headers`` maps an old column name to the current one
  (``NO`` → ``ID``, ``名称_英語`` → ``名称_英字``);
* ``x-legacy-combine`` builds a current column from several old ones
  (``地方公共団体名`` = ``都道府県名`` + ``市区町村名``).

One field property, ``x-location-optional`` on both coordinate fields, tells the
gis registration rules that a row may leave its coordinates empty (an event
without a venue: イベント一覧).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


@dataclass(frozen=True)
class TableSchema:
    """One built-in schema: ``descriptor`` is the Table Schema as published."""

    key: str
    title: str
    title_en: str
    descriptor: dict[str, Any]
    legacy_headers: dict[str, str] = field(default_factory=dict)
    legacy_combine: dict[str, list[str]] = field(default_factory=dict)

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.descriptor["fields"])

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.descriptor["fields"]]

    def public_descriptor(self) -> dict[str, Any]:
        """The descriptor without Cityhall's ``x-`` extensions (also those on
        fields)."""
        public = {k: v for k, v in self.descriptor.items() if not k.startswith("x-")}
        public["fields"] = [
            {k: v for k, v in field.items() if not k.startswith("x-")}
            for field in self.descriptor["fields"]
        ]
        return public


@cache
def _load() -> dict[str, TableSchema]:
    schemas = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        schemas[path.stem] = TableSchema(
            key=path.stem,
            title=descriptor["title"],
            title_en=descriptor.get("x-title-en", descriptor["title"]),
            descriptor=descriptor,
            legacy_headers=descriptor.get("x-legacy-headers", {}),
            legacy_combine=descriptor.get("x-legacy-combine", {}),
        )
    return schemas


def table_schema_get(key: str) -> TableSchema | None:
    """The built-in schema ``key``, or None."""
    return _load().get(key)


def table_schema_list() -> list[TableSchema]:
    """Every built-in schema, by key."""
    return list(_load().values())
