"""The staff console's delivery view and its JSON progress endpoint."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cityhall.core.tests.factories import StaffFactory, totp_device_for
from cityhall.notices.services.delivery import notice_delivery_start
from cityhall.notices.tests.factories import SubscriberFactory
from cityhall.website.models import NewsPage
from cityhall.website.tests import factories as web

pytestmark = pytest.mark.django_db


def _console_login(client, user):
    """Sign in to the console with a confirmed second factor."""
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@pytest.fixture
def news():
    home = web.site_home()
    index = web.add_news_index(home)
    page = web.add_news(index, title="お知らせ", date=dt.date(2026, 6, 1))
    NewsPage.objects.filter(pk=page.pk).update(channels=["email"])
    return page


def test_progress_counts_per_status_and_json(client, news):
    """A superuser sees counts per status; the JSON gives the same numbers."""
    SubscriberFactory.create_batch(3)
    notice_delivery_start(page_id=news.pk)
    _console_login(client, StaffFactory(is_superuser=True))
    html = client.get(reverse("notices_delivery_console:detail", args=[news.pk]))
    assert html.status_code == 200
    body = html.content.decode()
    assert 'data-status="queued">3<' in body
    assert "notices/delivery_progress.js" in body
    data = client.get(
        reverse("notices_delivery_console:progress", args=[news.pk])
    ).json()
    (email,) = data["channels"]
    assert email["channel"] == "email"
    assert email["counts"]["queued"] == 3
    assert email["total"] == 3 and email["done"] == 0 and email["percent"] == 0


def test_progress_needs_permission_on_the_page(client, news):
    """Staff without edit permission on the page get 404."""
    notice_delivery_start(page_id=news.pk)
    _console_login(client, StaffFactory())
    response = client.get(reverse("notices_delivery_console:progress", args=[news.pk]))
    assert response.status_code in (302, 403, 404)
    assert b"queued" not in response.content
