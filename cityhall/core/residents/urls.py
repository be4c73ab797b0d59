"""Resident account URLs: a plain list, included under ``/accounts/`` with the
namespace ``accounts`` by ``cityhall.core.accounts_urls`` (inside i18n_patterns)."""

from django.urls import path

from cityhall.core.residents import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/done/", views.signup_done, name="signup_done"),
    # Before verify/<token>/, which would otherwise take "resend" as a token.
    path("verify/resend/", views.verify_resend, name="verify_resend"),
    path("verify/resend/done/", views.verify_resend_done, name="verify_resend_done"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("profile/", views.profile, name="profile"),
    path(
        "password/",
        views.ResidentPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password-reset/",
        views.ResidentPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/done/",
        views.ResidentPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.ResidentPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        views.ResidentPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "api-tokens/<uuid:token_id>/revoke/",
        views.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("delete/", views.delete, name="delete"),
    path("delete/done/", views.delete_done, name="delete_done"),
]
