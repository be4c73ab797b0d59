"""CKAN-compatible Action API v3 and DCAT catalogue endpoints (docs/opendata.md)."""
