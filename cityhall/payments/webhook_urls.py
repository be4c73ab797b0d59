"""Provider webhooks: no language prefix, since providers post to one address."""

from django.urls import path

from cityhall.payments import views

app_name = "payments_webhooks"

urlpatterns = [
    path("stripe/", views.stripe_webhook, name="stripe"),
]
