"""Machine endpoints of notices, outside the language prefixes: the bounce
webhook (``/notices/bounces/``)."""

from django.urls import path

from cityhall.notices import webhooks

urlpatterns = [
    path("bounces/", webhooks.bounce_webhook, name="notices_bounce_webhook"),
]
