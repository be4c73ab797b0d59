"""Map layers built from the open-data catalogue's standard datasets.

Each layer gathers the located rows of every published table that follows one
自治体標準オープンデータセット schema (shelters, AEDs, Wi-Fi, public facilities,
tourist sites), read through opendata's selectors, so the map shows exactly
what the catalogue publishes. Registered from :class:`cityhall.gis.apps.GisConfig`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from cityhall.gis.registry import LayerProvider, MapPoint, layer_register

#: Columns copied into each feature's properties when present.
PROPERTY_COLUMNS = (
    "名称_英字",
    "電話番号",
    "設置位置",
    "利用可能時間",
    "収容人数",
    "想定収容人数",
    "対象となる災害の種類",
    "URL",
    "SSID",
)

#: (layer key, schema key, title, description, sort order)
OPENDATA_LAYERS: list[tuple[str, str, Any, Any, int]] = [
    (
        "shelters",
        "evacuation-sites",
        _("Emergency evacuation sites"),
        _("Designated emergency evacuation sites (指定緊急避難場所)."),
        10,
    ),
    ("aeds", "aed-locations", _("AEDs"), _("Where AEDs are installed."), 20),
    (
        "wifi",
        "wifi-access-points",
        _("Free Wi-Fi"),
        _("Public wireless LAN access points."),
        30,
    ),
    (
        "facilities",
        "public-facilities",
        _("Public facilities"),
        _("The municipality's public facilities."),
        40,
    ),
    (
        "tourism",
        "tourist-sites",
        _("Tourist sites"),
        _("Sights and tourist facilities."),
        50,
    ),
]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def opendata_points(schema_key: str) -> Callable[[], Iterator[MapPoint]]:
    """A feature builder for the located rows of ``schema_key`` tables."""

    def build() -> Iterator[MapPoint]:
        from cityhall.opendata.selectors import located_rows_public

        for resource, row in located_rows_public(schema_key=schema_key):
            identifier = _text(row.get("ID")) or _text(row.get("名称"))
            address = " ".join(
                part
                for part in (_text(row.get("住所")), _text(row.get("方書")))
                if part
            )
            yield MapPoint(
                id=f"{resource.public_id}:{identifier}",
                name=_text(row.get("名称")) or identifier,
                latitude=float(row.get("緯度") or row.get("latitude") or 0),
                longitude=float(row.get("経度") or row.get("longitude") or 0),
                address=address,
                properties={
                    "dataset": resource.dataset.name,
                    **{
                        column: row[column]
                        for column in PROPERTY_COLUMNS
                        if row.get(column) not in (None, "")
                    },
                },
            )

    return build


def opendata_layers_register() -> None:
    """Register one layer per standard dataset with coordinates."""
    for key, schema_key, title, description, order in OPENDATA_LAYERS:
        layer_register(
            LayerProvider(
                key=key,
                title=title,
                description=description,
                build=opendata_points(schema_key),
                sort_order=order,
            )
        )
