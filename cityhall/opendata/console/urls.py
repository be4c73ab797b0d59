"""Console addresses under ``/admin/opendata/`` (registered by wagtail_hooks)."""

from django.urls import path

from cityhall.opendata.console import views

app_name = "cityhall_opendata"

urlpatterns = [
    path("", views.dataset_list, name="index"),
    path("new/", views.dataset_new, name="new"),
    path("<uuid:public_id>/", views.dataset_edit, name="dataset"),
    path("<uuid:public_id>/state/", views.dataset_state, name="state"),
    path("<uuid:public_id>/resources/", views.resource_new, name="resource_new"),
    path(
        "<uuid:public_id>/resources/<uuid:resource_id>/upload/",
        views.upload,
        name="upload",
    ),
]
