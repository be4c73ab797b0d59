"""Open-data catalogue, datastore, CKAN-compatible Action API and DCAT."""
