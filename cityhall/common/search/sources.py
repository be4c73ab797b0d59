"""The registry of search sources: apps whose objects are found by site search.

Common knows nothing of pages, notices or datasets. Each app with searchable
objects registers a :class:`SearchSource` in its ``AppConfig.ready()``; it keeps
its entries current with :mod:`cityhall.common.search.indexing` as its objects
change, and its ``rebuild`` indexes every object again for
``manage.py rebuild_search_index``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchSource:
    """One kind of searchable object.

    ``rebuild`` writes an entry for every object that should be found (the
    index is empty when it is called) and returns how many objects it indexed.
    """

    name: str
    rebuild: Callable[[], int]


_sources: dict[str, SearchSource] = {}


def search_source_register(source: SearchSource) -> None:
    """Add ``source`` (registering the same name again replaces it)."""
    _sources[source.name] = source


def search_sources() -> list[SearchSource]:
    """The registered sources, in registration (app) order."""
    return list(_sources.values())
