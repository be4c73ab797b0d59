"""Website URLs inside ``i18n_patterns`` (before Wagtail's catch-all)."""

from django.urls import path

from cityhall.website import views

urlpatterns = [
    path("sitemap/", views.sitemap_page, name="website_sitemap"),
]
