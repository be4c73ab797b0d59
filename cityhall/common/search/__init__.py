"""Site search for Japanese text: our own substring index over Wagtail pages.

``indexing`` holds the writes (services), ``query`` the reads (selectors) and the
snippet builder; see docs/adr/0003-japanese-search-index.md.
"""
