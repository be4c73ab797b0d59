"""Fitting a notice into a channel's size limit: text, then the link."""

from __future__ import annotations

from collections.abc import Callable

ELLIPSIS = "…"


def fit(text: str, url: str, *, limit: int, measure: Callable[[str], int]) -> str:
    """``text`` and ``url`` on its own line, the text shortened to fit ``limit``.

    The link is never cut (it leads to the whole notice); the text is cut at a
    character boundary and ends with an ellipsis when it had to be shortened.
    """
    text = text.strip()
    suffix = f"\n{url}" if url else ""
    whole = text + suffix
    if measure(whole) <= limit:
        return whole
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + ELLIPSIS + suffix) <= limit:
            low = middle
        else:
            high = middle - 1
    result = text[:low].rstrip() + ELLIPSIS + suffix
    if measure(result) > limit:
        raise ValueError("the link alone is longer than the channel allows")
    return result


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units (what LINE counts)."""
    return len(text.encode("utf-16-le")) // 2
