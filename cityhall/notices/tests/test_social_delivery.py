"""A notice with LINE, X and Facebook switched on goes through the delivery
engine to the real adapters, which post to local servers that check every
request; a channel that is not configured fails its delivery, sending nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cityhall.notices.channels.tests.servers import FakeGraph, FakeLine, FakeX
from cityhall.notices.delivery.engine import Engine
from cityhall.notices.models import Delivery
from cityhall.notices.services.delivery import notice_delivery_start
from cityhall.website.models import NewsPage
from cityhall.website.tests import factories as web

pytestmark = pytest.mark.django_db

SOCIAL = ("line", "x", "facebook")


@pytest.fixture
def notice():
    home = web.site_home()
    index = web.add_news_index(home)
    news = web.add_news(
        index,
        title="那珂川の増水による避難指示",
        date=dt.date(2026, 6, 1),
        body="黒羽地区の方は避難してください。",
    )
    NewsPage.objects.filter(pk=news.pk).update(
        urgency="emergency", channels=list(SOCIAL)
    )
    news.refresh_from_db()
    return news


def _drain() -> None:
    engine = Engine(worker="test")
    while engine.run_once() is not None:
        pass


def test_each_social_channel_posts_once_through_the_engine(settings, notice):
    """Publishing with the three channels on makes one well-formed post on each
    service (the servers refuse a wrong token, shape or size), and each delivery
    records the service's id of the post."""
    settings.CITYHALL_BASE_URL = "https://city.example.jp"
    with (
        FakeLine("line-token") as line_server,
        FakeX(bearer="x-user-token") as x_server,
        FakeGraph("1234567890", "page-token") as graph_server,
    ):
        settings.CITYHALL_LINE_CHANNEL_ACCESS_TOKEN = "line-token"
        settings.CITYHALL_LINE_API_URL = line_server.url
        settings.CITYHALL_X_API_URL = x_server.url
        settings.CITYHALL_X_OAUTH2_USER_TOKEN = "x-user-token"
        settings.CITYHALL_FACEBOOK_PAGE_ID = "1234567890"
        settings.CITYHALL_FACEBOOK_PAGE_ACCESS_TOKEN = "page-token"
        settings.CITYHALL_FACEBOOK_API_URL = graph_server.url

        notice_delivery_start(page_id=notice.pk)
        _drain()
        _drain()  # a second pass finds nothing left to send

        line_requests = list(line_server.requests)
        x_posts = list(x_server.posts)
        graph_posts = list(graph_server.posts)

    assert len(line_requests) == 1
    line_text = json.loads(line_requests[0].body)["messages"][0]["text"]
    assert "那珂川の増水による避難指示" in line_text
    assert notice.get_full_url() in line_text
    assert len(x_posts) == 1 and "那珂川の増水による避難指示" in x_posts[0]
    assert len(graph_posts) == 1
    assert graph_posts[0]["link"] == notice.get_full_url()
    deliveries = {d.channel: d for d in Delivery.objects.filter(channel__in=SOCIAL)}
    assert set(deliveries) == set(SOCIAL)
    assert all(d.status == Delivery.Status.DELIVERED for d in deliveries.values())
    assert deliveries["facebook"].remote_id == "1234567890_1"
    assert deliveries["x"].remote_id == "1800000001"


def test_unconfigured_channel_fails_without_sending(settings, notice):
    """With no credentials the channels are off: their deliveries fail with a
    reason staff can read, and no request leaves the server."""
    settings.CITYHALL_LINE_CHANNEL_ACCESS_TOKEN = ""
    settings.CITYHALL_X_OAUTH2_USER_TOKEN = ""
    settings.CITYHALL_X_CONSUMER_KEY = ""
    settings.CITYHALL_FACEBOOK_PAGE_ID = ""
    settings.CITYHALL_FACEBOOK_PAGE_ACCESS_TOKEN = ""
    with FakeLine("line-token") as line_server:
        settings.CITYHALL_LINE_API_URL = line_server.url
        notice_delivery_start(page_id=notice.pk)
        _drain()
        assert line_server.requests == []
    deliveries = Delivery.objects.filter(channel__in=SOCIAL)
    assert deliveries.count() == 3
    assert {d.status for d in deliveries} == {Delivery.Status.FAILED}
    assert {d.last_error for d in deliveries} == {"channel not configured"}
