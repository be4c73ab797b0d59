"""Download addresses (mounted at /opendata/files/, outside i18n_patterns)."""

from django.urls import path

from cityhall.opendata import download_views as views

app_name = "opendata_download"

urlpatterns = [
    path(
        "resource/<uuid:resource_id>/data.csv", views.resource_csv, name="resource_csv"
    ),
    path(
        "resource/<uuid:resource_id>/data-shift_jis.csv",
        views.resource_csv_sjis,
        name="resource_csv_sjis",
    ),
    path(
        "resource/<uuid:resource_id>/data.json",
        views.resource_json,
        name="resource_json",
    ),
    path(
        "resource/<uuid:resource_id>/data.geojson",
        views.resource_geojson,
        name="resource_geojson",
    ),
    path(
        "resource/<uuid:resource_id>/original",
        views.resource_original,
        name="resource_original",
    ),
    path(
        "dataset/<slug:name>/datapackage.json",
        views.datapackage_json,
        name="datapackage_json",
    ),
    path("schemas/<slug:key>.json", views.table_schema, name="table_schema"),
]
