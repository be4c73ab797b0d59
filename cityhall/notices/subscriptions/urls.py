"""Subscription pages, under ``notices/subscribe/`` inside i18n_patterns
(namespace ``notices_subscriptions``). The one-click unsubscribe address is
mounted outside i18n_patterns by config/urls.py (see ``one_click_urls``)."""

from django.urls import path

from cityhall.notices.subscriptions import views

app_name = "notices_subscriptions"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("done/", views.subscribe_done, name="subscribe_done"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:public_id>/<str:token>/", views.manage, name="manage"),
    path("account/", views.account, name="account"),
]

one_click_urls = [
    path(
        "notices/unsubscribe/<str:public_id>/<str:token>/",
        views.unsubscribe_one_click,
        name="notices_unsubscribe_one_click",
    ),
]
