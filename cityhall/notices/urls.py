"""Public notice URLs inside ``i18n_patterns`` (mounted at ``notices/``)."""

from django.urls import path

from cityhall.notices import views

app_name = "notices"

urlpatterns = [
    path("<uuid:key>/read-aloud/", views.read_aloud_page, name="read_aloud"),
    path("<uuid:key>/read-aloud.txt", views.read_aloud_text, name="read_aloud_text"),
]
