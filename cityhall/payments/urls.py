"""Pages of the payments app under the language prefix: the sandbox provider's."""

from django.urls import path

from cityhall.payments import views

app_name = "payments"

urlpatterns = [
    path("sandbox/<str:reference>/", views.sandbox_checkout, name="sandbox_checkout"),
    path(
        "sandbox/<str:reference>/authenticate/",
        views.sandbox_authenticate,
        name="sandbox_authenticate",
    ),
]
