"""The delivery engine against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.header import decode_header, make_header

import pytest
from django.test import Client

from cityhall.core.tests.factories import DistrictFactory
from cityhall.notices.delivery import social
from cityhall.notices.delivery.engine import Engine
from cityhall.notices.models import (
    EASY_JAPANESE,
    Delivery,
    DeliveryBatch,
    NoticeDispatch,
    Subscriber,
    SuppressedAddress,
)
from cityhall.notices.services.delivery import batch_claim, notice_delivery_start
from cityhall.notices.tests.factories import SubscriberFactory, subscribers_bulk
from cityhall.notices.tests.smtp_sink import Sink
from cityhall.website.tests import factories as web

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink(settings):
    server = Sink().start()
    settings.CITYHALL_NOTICES_SMTP_URL = server.url
    settings.CITYHALL_NOTICES_MAIL_FROM = "oshirase@city.example.jp"
    settings.CITYHALL_BASE_URL = "https://city.example.jp"
    yield server
    server.stop()


@pytest.fixture
def site():
    home = web.site_home()
    index = web.add_news_index(home)
    return home, index


def _news(
    index,
    title="大雨による避難指示",
    *,
    urgency="normal",
    channels=("email",),
    **kwargs,
):
    from cityhall.website.models import NewsPage

    news = web.add_news(
        index,
        title=title,
        date=dt.date(2026, 6, 1),
        body="川の水が増えています。",
        **kwargs,
    )
    NewsPage.objects.filter(pk=news.pk).update(urgency=urgency, channels=list(channels))
    news.refresh_from_db()
    return news


def _parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def _drain() -> None:
    engine = Engine(worker="test")
    while engine.run_once() is not None:
        pass


def test_mail_reaches_smtp_with_headers_encodings_and_links(sink, site):
    """A notice goes to a subscriber as a multipart mail whose Japanese subject
    is an RFC 2047 word, bodies are base64 UTF-8, and which carries Message-ID,
    List-Unsubscribe (https) with One-Click, and the notice URL."""
    _home, index = site
    subscriber = SubscriberFactory(email="taro@docomo.ne.jp")
    news = _news(index)
    notice_delivery_start(page_id=news.pk)
    _drain()

    assert len(sink.handler.messages) == 1
    received = sink.handler.messages[0]
    assert received.recipients == ["taro@docomo.ne.jp"]
    assert received.sender == "oshirase@city.example.jp"
    raw_headers = received.data.split(b"\r\n\r\n", 1)[0]
    assert b"Subject: =?utf-8?b?" in raw_headers
    message = _parse(received.data)
    assert str(make_header(decode_header(message["Subject"]))) == "大雨による避難指示"
    assert message["Message-ID"] == (
        f"<notice.{news.pk}.{subscriber.public_id.hex}@city.example.jp>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(
        f"https://city.example.jp/notices/unsubscribe/{subscriber.public_id.hex}/"
    )
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.get_payload()
    assert plain["Content-Transfer-Encoding"] == "base64"
    assert plain.get_content_charset() == "utf-8"
    text = plain.get_content()
    assert "川の水が増えています。" in text
    assert news.get_full_url() in text
    assert unsubscribe in text
    assert html.get_content_type() == "text/html"
    assert news.get_full_url() in html.get_content()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.delivered_at is not None


def test_one_click_unsubscribe_from_the_mail_header(sink, site):
    """The List-Unsubscribe URL of a received mail, POSTed as RFC 8058 says
    (no cookies, no CSRF token), ends the subscription."""
    _home, index = site
    subscriber = SubscriberFactory()
    notice_delivery_start(page_id=_news(index).pk)
    _drain()
    url = _parse(sink.handler.messages[0].data)["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("https://city.example.jp")
    response = Client(enforce_csrf_checks=True).post(
        path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_start_is_idempotent(sink, site):
    """Calling notice_delivery_start twice creates nothing new."""
    _home, index = site
    SubscriberFactory.create_batch(3)
    news = _news(index)
    first = notice_delivery_start(page_id=news.pk)
    second = notice_delivery_start(page_id=news.pk)
    assert first.pk == second.pk
    assert NoticeDispatch.objects.count() == 1
    assert Delivery.objects.count() == 3


def test_delivery_unique_per_recipient_by_constraint(site):
    """The database refuses a second delivery of one notice to one recipient."""
    from django.db import IntegrityError

    _home, index = site
    subscriber = SubscriberFactory()
    news = _news(index)
    dispatch = notice_delivery_start(page_id=news.pk)
    with pytest.raises(IntegrityError):
        Delivery.objects.create(
            dispatch=dispatch,
            channel="email",
            subscriber=subscriber,
            recipient_key=subscriber.public_id.hex,
        )


def test_selection_by_district_and_category(sink, site, settings):
    """Subscribers of another district or category get nothing; those without
    districts or categories get everything."""
    _home, index = site
    kurobane, yuzukami = DistrictFactory(), DistrictFactory()
    bousai = web.news_category(name="防災", slug="bousai")
    event = web.news_category(name="イベント", slug="event")
    in_district = SubscriberFactory(email="a@example.jp")
    in_district.districts.set([kurobane])
    other_district = SubscriberFactory(email="b@example.jp")
    other_district.districts.set([yuzukami])
    SubscriberFactory(email="c@example.jp")
    other_category = SubscriberFactory(email="d@example.jp")
    other_category.categories.set([event])
    same_category = SubscriberFactory(email="e@example.jp")
    same_category.categories.set([bousai])
    SubscriberFactory(email="f@example.jp", status=Subscriber.Status.PENDING)
    news = _news(index, categories=[bousai])
    from cityhall.notices.delivery import notice as notice_module
    from cityhall.notices.services import delivery as services

    facts = notice_module.NoticeFacts(
        page=news,
        urgency="normal",
        priority=2,
        channels=["email"],
        category_keys=[str(bousai.translation_key)],
        district_ids=[kurobane.pk],
        message_type="alert",
    )
    selected = set(
        services._matching_subscribers(facts).values_list("email", flat=True)
    )
    assert selected == {"a@example.jp", "c@example.jp", "e@example.jp"}
    # An emergency reaches subscribers of any category in the district.
    emergency = notice_module.NoticeFacts(**{**facts.__dict__, "priority": 0})
    selected = set(
        services._matching_subscribers(emergency).values_list("email", flat=True)
    )
    assert selected == {"a@example.jp", "c@example.jp", "d@example.jp", "e@example.jp"}


def test_language_version_and_fallback(sink, site):
    """An English subscriber gets the English version; a Korean subscriber,
    with no Korean version, gets Japanese."""
    home, index = site
    web.translate(home, "en")
    web.translate(index, "en")
    news = _news(index)
    web.translate(news, "en", title="Evacuation order due to heavy rain")
    SubscriberFactory(email="en@example.jp", language="en")
    SubscriberFactory(email="ko@example.jp", language="ko")
    notice_delivery_start(page_id=news.pk)
    _drain()
    subjects = {
        m.recipients[0]: str(make_header(decode_header(_parse(m.data)["Subject"])))
        for m in sink.handler.messages
    }
    assert subjects == {
        "en@example.jp": "Evacuation order due to heavy rain",
        "ko@example.jp": "大雨による避難指示",
    }
    languages = dict(Delivery.objects.values_list("address", "language"))
    assert languages == {"en@example.jp": "en", "ko@example.jp": "ja"}


def test_easy_japanese_fallback_when_the_notice_has_it(site):
    """Without the subscriber's language, easy Japanese comes before Japanese."""
    from cityhall.notices.delivery.notice import language_for

    assert language_for("vi", {"ja", EASY_JAPANESE}) == EASY_JAPANESE
    assert language_for("vi", {"ja"}) == "ja"
    assert language_for("en", {"ja", "en", EASY_JAPANESE}) == "en"


def test_suppressed_address_gets_a_suppressed_record_and_no_mail(sink, site):
    """An address on the suppression list is recorded as suppressed, not sent."""
    _home, index = site
    SubscriberFactory(email="gone@example.jp")
    SubscriberFactory(email="ok@example.jp")
    SuppressedAddress.objects.create(email="gone@example.jp", reason="hard_bounce")
    notice_delivery_start(page_id=_news(index).pk)
    _drain()
    assert [m.recipients for m in sink.handler.messages] == [["ok@example.jp"]]
    statuses = dict(Delivery.objects.values_list("address", "status"))
    assert statuses == {"gone@example.jp": "suppressed", "ok@example.jp": "delivered"}


def test_hard_refusal_fails_and_suppresses_soft_refusal_retries_with_backoff(
    sink, site, settings
):
    """A 550 at RCPT fails the delivery and suppresses the address; a 451
    defers it and re-queues the batch after a backoff, then it is delivered."""
    settings.CITYHALL_NOTICES_RETRY_BASE_SECONDS = 60
    _home, index = site
    SubscriberFactory(email="nouser@example.jp")
    SubscriberFactory(email="busy@example.jp")
    sink.handler.refuse = {
        "nouser@example.jp": "550 5.1.1 User unknown",
        "busy@example.jp": "451 4.3.0 Try again later",
    }
    notice_delivery_start(page_id=_news(index).pk)
    _drain()
    statuses = dict(Delivery.objects.values_list("address", "status"))
    assert statuses == {"nouser@example.jp": "failed", "busy@example.jp": "deferred"}
    assert SuppressedAddress.objects.filter(email="nouser@example.jp").exists()
    batch = DeliveryBatch.objects.get()
    assert batch.status == DeliveryBatch.Status.QUEUED
    assert batch.available_at > batch.updated_at + dt.timedelta(seconds=50)
    # Not due yet: nothing is claimable.
    assert batch_claim(worker="w") is None
    DeliveryBatch.objects.update(available_at=batch.updated_at)
    sink.handler.refuse = {}
    _drain()
    assert Delivery.objects.get(address="busy@example.jp").status == "delivered"
    assert sink.handler.per_recipient["busy@example.jp"] == 1
    assert sink.handler.per_recipient["nouser@example.jp"] == 0


def test_emergency_batches_are_claimed_before_newsletter_batches(sink, site):
    """With a newsletter queued first, an emergency notice's batches are
    claimed first."""
    _home, index = site
    subscribers_bulk(250, domains=["example.jp"])
    newsletter = _news(index, title="広報誌")
    notice_delivery_start(page_id=newsletter.pk)
    emergency = _news(index, title="避難指示", urgency="emergency")
    dispatch = notice_delivery_start(page_id=emergency.pk)
    assert set(dispatch.batches.values_list("priority", flat=True)) == {0}
    order = []
    while (claim := batch_claim(worker="w")) is not None:
        order.append(claim.page_id)
        DeliveryBatch.objects.filter(pk=claim.batch_id).update(status="done")
    assert order[:3] == [emergency.pk] * 3
    assert order[3:] == [newsletter.pk] * 3


def test_pacing_sessions_hold_at_most_the_configured_recipients(sink, site, settings):
    """Each SMTP session carries at most CITYHALL_NOTICES_SESSION_RECIPIENTS
    recipients, and batches never mix receiving domains."""
    settings.CITYHALL_NOTICES_SESSION_RECIPIENTS = 10
    _home, index = site
    subscribers_bulk(45, domains=["docomo.ne.jp", "au.com", "ezweb.ne.jp"])
    notice_delivery_start(page_id=_news(index).pk)
    domains = {b.pk: b.domain for b in DeliveryBatch.objects.all()}
    # au.com and ezweb.ne.jp are one carrier: one pacing group.
    assert set(domains.values()) == {"docomo.ne.jp", "ezweb.ne.jp+au.com"}
    _drain()
    assert len(sink.handler.messages) == 45
    assert sink.handler.max_recipients_per_session == 10
    assert len(sink.handler.session_recipients) == 5  # 15 docomo + 30 au/ezweb


def test_domain_concurrency_limit_blocks_further_claims(site, settings):
    """With docomo's limit at 2 sessions, a third docomo batch is not claimed
    while two run; another domain still is; the emergency lane has one more."""
    settings.CITYHALL_NOTICES_SESSION_RECIPIENTS = 1
    settings.CITYHALL_NOTICES_DOMAIN_CONCURRENCY = "docomo.ne.jp=2"
    _home, index = site
    subscribers_bulk(4, domains=["docomo.ne.jp"])
    SubscriberFactory(email="x@gmail.com")
    notice_delivery_start(page_id=_news(index).pk)
    claims = [batch_claim(worker="w") for _ in range(4)]
    claimed = [c.domain for c in claims if c is not None]
    assert sorted(claimed) == ["docomo.ne.jp", "docomo.ne.jp", "gmail.com"]
    DeliveryBatch.objects.filter(status="queued").update(priority=0)
    urgent = batch_claim(worker="w")
    assert urgent is not None and urgent.domain == "docomo.ne.jp"
    assert batch_claim(worker="w") is None


def test_expired_lease_is_resumed_and_sends_only_the_rest(sink, site, settings):
    """A batch whose worker died after delivering some messages is resumed by
    another worker after the lease, which sends only the undelivered ones."""
    _home, index = site
    subscribers_bulk(5, domains=["example.jp"])
    notice_delivery_start(page_id=_news(index).pk)
    claim = batch_claim(worker="dead")
    from cityhall.notices.services import delivery as services

    deliveries = services.batch_deliveries_start(claim=claim)
    services.delivery_delivered(delivery_id=deliveries[0].pk)  # sent before dying
    sink.handler.per_recipient[deliveries[0].address] += 1
    assert batch_claim(worker="alive") is None  # lease still held
    DeliveryBatch.objects.update(lease_until=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    _drain()
    assert set(sink.handler.per_recipient.values()) == {1}
    assert len(sink.handler.per_recipient) == 5
    assert not services.batch_lease_renew(claim=claim)  # the dead worker lost it


class _FakeAdapter:
    """A tiny social adapter that records posts (the real ones are tested
    against HTTP servers by the channels' own tests)."""

    def __init__(self, fail_first: bool = False):
        self.posts = []
        self.fail_first = fail_first

    def is_configured(self):
        return True

    def send_notice(self, *, text, url, language, idempotency_key):
        if self.fail_first:
            self.fail_first = False
            raise OSError("temporarily unavailable")
        self.posts.append((text, url, language, idempotency_key))
        return "remote-1"


def test_social_channel_one_delivery_per_notice(sink, site, monkeypatch):
    """A notice with the LINE channel posts once through the adapter; a
    temporary error defers, the retry posts with the same idempotency key."""
    _home, index = site
    adapter = _FakeAdapter(fail_first=True)
    social.channel_adapter_register("line", adapter)
    try:
        news = _news(index)
        from cityhall.notices.delivery import notice as notice_module

        original = notice_module.notice_facts

        def with_line(page):
            facts = original(page)
            return notice_module.NoticeFacts(
                **{**facts.__dict__, "channels": ["email", "line"]}
            )

        monkeypatch.setattr(notice_module, "notice_facts", with_line)
        notice_delivery_start(page_id=news.pk)
        _drain()
        line = Delivery.objects.get(channel="line")
        assert line.status == Delivery.Status.DEFERRED
        DeliveryBatch.objects.update(
            available_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        )
        _drain()
        line.refresh_from_db()
        assert line.status == Delivery.Status.DELIVERED
        assert line.remote_id == "remote-1"
        assert len(adapter.posts) == 1
        text, url, _language, key = adapter.posts[0]
        assert "大雨による避難指示" in text and url == news.get_full_url()
        assert key == line.message_id
    finally:
        social.channel_adapter_unregister("line")


def test_emergency_lane_claims_only_emergency_batches(site):
    """The reserved lane (max_priority=0) leaves newsletter batches alone and
    takes an emergency batch."""
    _home, index = site
    subscribers_bulk(3, domains=["example.jp"])
    notice_delivery_start(page_id=_news(index, title="広報誌").pk)
    assert batch_claim(worker="lane", max_priority=0) is None
    emergency = _news(index, title="避難指示", urgency="emergency")
    notice_delivery_start(page_id=emergency.pk)
    claim = batch_claim(worker="lane", max_priority=0)
    assert claim is not None and claim.page_id == emergency.pk


def test_refused_recipient_does_not_end_the_session(sink, site):
    """A 550 for one recipient is answered with RSET and the same SMTP session
    carries on: the recipients before and after it are delivered in it."""
    _home, index = site
    for name in ("a", "b", "c"):
        SubscriberFactory(email=f"{name}@example.jp")
    sink.handler.refuse = {"b@example.jp": "550 5.1.1 User unknown"}
    notice_delivery_start(page_id=_news(index).pk)
    _drain()
    statuses = dict(Delivery.objects.values_list("address", "status"))
    assert statuses == {
        "a@example.jp": "delivered",
        "b@example.jp": "failed",
        "c@example.jp": "delivered",
    }
    assert len(sink.handler.session_recipients) == 1


def test_line_starting_with_a_period_arrives_intact(sink):
    """The session dot-stuffs a line that starts with a period (RFC 5321
    transparency), so the server receives the message unchanged."""
    from cityhall.notices.delivery.transport import session_open

    raw = b"Subject: x\r\nMessage-ID: <p@city.example.jp>\r\n\r\n.hidden\r\n..two\r\n"
    with session_open() as session:
        result = session.send(
            sender="oshirase@city.example.jp", recipient="p@example.jp", raw=raw
        )
    assert result.ok
    received = sink.handler.messages[0].data
    assert received.replace(b"\r\n", b"\n").endswith(b"\n.hidden\n..two\n")


@pytest.mark.django_db(transaction=True)
def test_worker_connection_uses_asynchronous_commit():
    """On PostgreSQL the sending loop's connection commits asynchronously (its
    per-message status writes do not wait for a disk flush), also when the
    loop starts before anything connected."""
    from django.db import connection

    from cityhall.notices.delivery.engine import _session_tune

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL setting")
    connection.close()  # a fresh worker: no connection yet
    _session_tune()
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "off"
