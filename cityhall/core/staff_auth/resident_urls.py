"""Resident sign-in and sign-out; combined with the residents app's pages in
:mod:`cityhall.core.accounts_urls` under the ``accounts`` namespace."""

from django.urls import path

from cityhall.core.staff_auth import views

urlpatterns = [
    path("login/", views.resident_login, name="login"),
    path("logout/", views.resident_logout, name="logout"),
]
