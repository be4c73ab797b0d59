"""The open-data portal under the language prefix (``/opendata/``, ``/en/opendata/``…).

Data addresses without a language (downloads, CKAN API, DCAT) are in
``download_urls`` and ``ckan/urls``.
"""

from django.urls import path

from cityhall.opendata.portal import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("dataset/<slug:name>/", views.dataset_detail, name="dataset"),
    path("organization/<slug:code>/", views.organisation, name="organisation"),
    path("group/<slug:code>/", views.group, name="group"),
]
