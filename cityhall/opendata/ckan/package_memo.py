"""A per-process memo of CKAN package dicts for ``package_search``.

Building a page of full package dicts (tags, themes, resources and their live
versions) costs four queries and most of a search's time. Each process keeps
the dicts it built, keyed by the dataset, the language, the site's base URL and
the dataset's *fingerprint* — the values that change whenever its dict may
change, read in one query on every search
(:func:`~cityhall.opendata.selectors.dataset_fingerprints_public`). Because the
key is read from the database on each request, an edit (of the dataset, its
division, a theme, a tag or a resource) is seen by the very next request in
every process; entries of the old fingerprint are simply no longer asked for
and age out of the bounded LRU.

The dicts handed out are shared between requests: callers must not change them
(the CKAN views only serialise them).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language

from cityhall.opendata.ckan.dictize import package_dict
from cityhall.opendata.selectors import (
    dataset_fingerprints_public,
    dataset_list_public,
)

#: How many package dicts a process keeps (about 5 KB each).
MEMO_SIZE = 4096

_memo: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_lock = threading.Lock()


def _get(key: tuple[Any, ...]) -> dict[str, Any] | None:
    with _lock:
        found = _memo.get(key)
        if found is not None:
            _memo.move_to_end(key)
        return found


def _put(key: tuple[Any, ...], value: dict[str, Any]) -> None:
    with _lock:
        _memo[key] = value
        _memo.move_to_end(key)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)


def memo_clear() -> None:
    """Forget every remembered dict (tests)."""
    with _lock:
        _memo.clear()


def package_dicts(pks: list[int], *, absolute: Callable[[str], str]) -> list[Any]:
    """The package dicts of these published datasets, in this order (datasets
    no longer published are left out), from the memo where the fingerprint
    still matches."""
    if not pks:
        return []
    fingerprints = dataset_fingerprints_public(pks=pks)
    context = (get_language(), absolute("/"))
    keys = {pk: (pk, *context, fingerprints[pk]) for pk in pks if pk in fingerprints}
    found: dict[int, dict[str, Any]] = {}
    for pk, key in keys.items():
        remembered = _get(key)
        if remembered is not None:
            found[pk] = remembered
    missing = [pk for pk in keys if pk not in found]
    if missing:
        # Loaded after the fingerprints were read: never older than its key.
        for dataset in dataset_list_public().filter(pk__in=missing):
            built = package_dict(dataset, absolute=absolute)
            _put(keys[dataset.pk], built)
            found[dataset.pk] = built
    return [found[pk] for pk in pks if pk in found]
