"""Staff sign-in: /staff/login/, the second factor and enrolment."""

from django.urls import path

from cityhall.core.staff_auth import views

app_name = "staff_auth"

urlpatterns = [
    path("login/", views.staff_login, name="login"),
    path("login/verify/", views.staff_verify, name="verify"),
    path("logout/", views.staff_logout, name="logout"),
    path("otp/setup/", views.staff_otp_setup, name="otp_setup"),
    path("otp/recovery-codes/", views.staff_recovery_codes, name="recovery_codes"),
    path(
        "otp/recovery-codes/new/",
        views.staff_recovery_codes_new,
        name="recovery_codes_new",
    ),
]
