"""Limit/offset pagination of API lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet

#: The largest ``limit`` any list accepts.
MAX_LIMIT = 100
#: The largest ``offset``: deeper pages are not useful and cost a scan.
MAX_OFFSET = 100_000


def page_window(
    items: QuerySet[Any] | Sequence[Any],
    *,
    limit: int,
    offset: int,
    shape: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """The list body ``{"count", "limit", "offset", "items"}`` of one window,
    each item shaped by ``shape`` (two queries for a queryset: count, window)."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [shape(item) for item in items[offset : offset + limit]],
    }
