"""CKAN Action API and DCAT addresses (mounted outside i18n_patterns)."""

from django.urls import path

from cityhall.opendata.ckan import dcat, views

urlpatterns = [
    path("api/3/action/<str:name>", views.action, name="ckan_action"),
    path("api/action/<str:name>", views.action, name="ckan_action_unversioned"),
    path("api/3", views.api_root, name="ckan_api_root"),
    path("catalog.jsonld", dcat.catalog_jsonld, name="dcat_catalog_jsonld"),
    path("data.json", dcat.data_json, name="dcat_data_json"),
]
