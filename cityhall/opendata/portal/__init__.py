"""The public open-data portal, ``/opendata/`` (and per language prefix)."""
