"""The map under the language prefix: ``/map/``, its layers and outline."""

from django.urls import path

from cityhall.gis import views

app_name = "gis"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("outline.geojson", views.outline_geojson, name="outline_geojson"),
    path("layers/<slug:key>.geojson", views.layer_geojson, name="layer_geojson"),
]
