"""The layer registry: which point layers the map offers.

An app that has things to put on the map registers a :class:`LayerProvider` from
its ``AppConfig.ready()`` (as Wagtail's hooks work), so the gis app never
imports the apps above or beside it::

    from cityhall.gis.registry import LayerProvider, layer_register

    layer_register(LayerProvider(key="facilities", title=_("Public facilities"),
                                 build=facility_points))

``build`` returns :class:`MapPoint` objects and is called on each request for
the layer's GeoJSON or list (the responses are cacheable; see docs/gis.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,49}")


@dataclass(frozen=True)
class MapPoint:
    """One thing on the map, with WGS 84 coordinates."""

    id: str
    name: str
    latitude: float
    longitude: float
    address: str = ""
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LayerProvider:
    """A layer: a stable ``key`` (used in URLs), a translatable title and the
    function that builds its points."""

    key: str
    title: str | Promise
    build: Callable[[], Iterable[MapPoint]]
    description: str | Promise = ""
    sort_order: int = 100

    def __post_init__(self) -> None:
        if not _KEY.fullmatch(self.key):
            raise ValueError(f"layer key {self.key!r} is not a lowercase slug")


_providers: dict[str, LayerProvider] = {}


def layer_register(provider: LayerProvider) -> None:
    """Add ``provider`` (registering the same key again replaces it, so that
    ``ready()`` may run twice in tests)."""
    _providers[provider.key] = provider


def layer_unregister(key: str) -> None:
    """Remove the layer ``key`` if it is registered (tests, plug-ins)."""
    _providers.pop(key, None)


def layer_providers() -> list[LayerProvider]:
    """Every registered layer, in display order."""
    return sorted(_providers.values(), key=lambda p: (p.sort_order, p.key))


def layer_provider(key: str) -> LayerProvider | None:
    """The layer registered as ``key``, or None."""
    return _providers.get(key)
