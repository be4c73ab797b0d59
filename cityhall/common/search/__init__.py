"""Site search for Japanese text: our own substring index over any objects.

``sources`` is the registry of apps with searchable objects, ``indexing`` holds
the writes (services), ``query`` the reads (selectors) and the snippet builder;
see docs/adr/0003-japanese-search-index.md.
"""
