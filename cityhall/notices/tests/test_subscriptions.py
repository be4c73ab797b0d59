"""Subscriptions: double opt-in, signed links, one-click leaving, bounces,
rate limits and purging."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cityhall.core.tests.factories import DistrictFactory, UserFactory
from cityhall.notices.models import BounceEvent, Subscriber, SuppressedAddress
from cityhall.notices.services import bounces, links
from cityhall.notices.services.subscriptions import subscriptions_unconfirmed_purge
from cityhall.notices.tests.factories import SubscriberFactory
from cityhall.website.tests import factories as web

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_tasks(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the mail tasks run immediately in tests)."""
    return django_capture_on_commit_callbacks


def _subscribe(client, email="hanako@example.jp", **extra):
    data = {"email": email, "language": "en", **extra}
    return client.post(reverse("notices_subscriptions:subscribe"), data)


def _link(body: str) -> str:
    return re.search(r"https?://\S+", body).group(0)


def test_double_opt_in(client, django_capture_on_commit_callbacks, settings):
    """The form creates a pending subscription and mails a link; the link's GET
    changes nothing, its POST activates the subscription."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    district = DistrictFactory()
    category = web.news_category(name="防災", slug="bousai")
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(
            client,
            districts=[district.pk],
            categories=[str(category.translation_key)],
        )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert list(subscriber.districts.all()) == [district]
    assert list(subscriber.categories.all()) == [category]
    assert len(mail.outbox) == 1
    url = _link(mail.outbox[0].body)
    path = url.split("://", 1)[1].split("/", 1)[1]
    client.get("/" + path)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    response = client.post("/" + path)
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_invalid_form_changes_nothing(client):
    """A bad address and an unknown district give messages and no subscription."""
    response = _subscribe(client, email="not-an-address", districts=["999999"])
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_active_address_is_not_changed_by_a_stranger(
    client, django_capture_on_commit_callbacks, settings
):
    """Subscribing an active address changes nothing; its owner is told."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    subscriber = SubscriberFactory(email="hanako@example.jp", language="ja")
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, email="hanako@example.jp")
    subscriber.refresh_from_db()
    assert subscriber.language == "ja"
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert len(mail.outbox) == 1
    assert links.manage_token(subscriber.public_id.hex) in mail.outbox[0].body


def test_manage_link_of_one_subscriber_does_not_open_another():
    """A token signed for A opens A's page but not B's: 400 and no data."""
    a = SubscriberFactory(email="a@example.jp")
    b = SubscriberFactory(email="b@example.jp")
    token = links.manage_token(a.public_id.hex)
    client = Client()
    ok = client.get(
        reverse(
            "notices_subscriptions:manage",
            kwargs={"public_id": a.public_id.hex, "token": token},
        )
    )
    assert ok.status_code == 200 and "a@example.jp" in ok.content.decode()
    forged = client.get(
        reverse(
            "notices_subscriptions:manage",
            kwargs={"public_id": b.public_id.hex, "token": token},
        )
    )
    assert forged.status_code == 400
    assert "b@example.jp" not in forged.content.decode()
    # The unsubscribe token is not a manage token either.
    other_kind = client.get(
        reverse(
            "notices_subscriptions:manage",
            kwargs={
                "public_id": a.public_id.hex,
                "token": links.unsubscribe_token(a.public_id.hex),
            },
        )
    )
    assert other_kind.status_code == 400


def test_one_click_unsubscribe_rejects_a_forged_token():
    """A POST with another subscriber's token unsubscribes nobody."""
    a = SubscriberFactory()
    b = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)
    path = reverse(
        "notices_unsubscribe_one_click",
        kwargs={
            "public_id": b.public_id.hex,
            "token": links.unsubscribe_token(a.public_id.hex),
        },
    )
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 400
    b.refresh_from_db()
    assert b.status == Subscriber.Status.ACTIVE
    good = reverse(
        "notices_unsubscribe_one_click",
        kwargs={
            "public_id": b.public_id.hex,
            "token": links.unsubscribe_token(b.public_id.hex),
        },
    )
    assert client.post(good, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert client.post(good, {"List-Unsubscribe": "One-Click"}).status_code == 200
    b.refresh_from_db()
    assert b.status == Subscriber.Status.UNSUBSCRIBED


def test_confirm_token_of_one_subscriber_is_bound_to_its_version():
    """A confirmation link stops working once a newer one was issued."""
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING)
    old = links.confirm_token_make(public_id=subscriber.public_id.hex, version=1)
    Subscriber.objects.filter(pk=subscriber.pk).update(link_version=2)
    response = Client().post(reverse("notices_subscriptions:confirm", args=[old]))
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_subscribe_form_rate_limited_per_address(client, settings):
    """Past the per-address limit the form answers 429 and mails nothing."""
    settings.CITYHALL_MAIL_FORM_ADDRESS_LIMIT = 2
    for _ in range(2):
        assert _subscribe(client).status_code == 302
    response = _subscribe(client)
    assert response.status_code == 429
    assert (
        "Too many requests" in response.content.decode() or response.status_code == 429
    )


def test_subscribe_form_rate_limited_per_source(client, settings):
    """Past the per-source limit different addresses are refused too."""
    settings.CITYHALL_MAIL_FORM_SOURCE_LIMIT = 2
    assert _subscribe(client, email="x1@example.jp").status_code == 302
    assert _subscribe(client, email="x2@example.jp").status_code == 302
    assert _subscribe(client, email="x3@example.jp").status_code == 429
    assert not Subscriber.objects.filter(email="x3@example.jp").exists()


def test_unconfirmed_subscriptions_purged_after_seven_days():
    """Pending subscriptions older than 7 days go; newer and active ones stay."""
    old = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    Subscriber.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=8)
    )
    fresh = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    active = SubscriberFactory()
    Subscriber.objects.filter(pk=active.pk).update(
        created_at=timezone.now() - dt.timedelta(days=30)
    )
    assert subscriptions_unconfirmed_purge() == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, active.pk}


DSN = b"""From: MAILER-DAEMON@mx.example.jp
To: bounces@city.example.jp
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.jp

Final-Recipient: rfc822; %(rcpt)s
Action: failed
Status: %(status)s
Diagnostic-Code: smtp; %(code)s

--B
Content-Type: text/rfc822-headers

Message-ID: <notice.1.%(n)s@city.example.jp>
To: %(rcpt)s

--B--
"""

ARF = b"""From: fbl@isp.example
To: bounces@city.example.jp
Subject: complaint
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="F"

--F
Content-Type: text/plain

This is a complaint.
--F
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: isp-fbl/1.0
Version: 1
Original-Rcpt-To: <complainer@example.jp>

--F
Content-Type: message/rfc822

Message-ID: <notice.9.x@city.example.jp>
To: complainer@example.jp
Subject: hello

body
--F--
"""


def _dsn(rcpt: str, status: str, n: int) -> bytes:
    code = "550 5.1.1 unknown" if status.startswith("5") else "452 4.2.2 full"
    return DSN % {
        b"rcpt": rcpt.encode(),
        b"status": status.encode(),
        b"code": code.encode(),
        b"n": str(n).encode(),
    }


def test_hard_bounce_dsn_suppresses_at_once():
    """A DSN with Action: failed and 5.x.x suppresses and unsubscribes."""
    subscriber = SubscriberFactory(email="dead@example.jp")
    assert bounces.report_mail_process(raw=_dsn("dead@example.jp", "5.1.1", 1)) == 1
    assert SuppressedAddress.objects.get().reason == "hard_bounce"
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_soft_bounces_suppress_after_the_limit_and_duplicates_do_not_count(settings):
    """Soft bounces count; the same report twice counts once; the limit
    suppresses."""
    settings.CITYHALL_NOTICES_SOFT_BOUNCE_LIMIT = 2
    SubscriberFactory(email="full@example.jp")
    bounces.report_mail_process(raw=_dsn("full@example.jp", "4.2.2", 1))
    bounces.report_mail_process(raw=_dsn("full@example.jp", "4.2.2", 1))
    assert BounceEvent.objects.count() == 1
    assert not SuppressedAddress.objects.exists()
    bounces.report_mail_process(raw=_dsn("full@example.jp", "4.2.2", 2))
    assert SuppressedAddress.objects.get().reason == "soft_bounces"


def test_arf_complaint_suppresses():
    """An ARF feedback report suppresses the complaining address."""
    bounces.report_mail_process(raw=ARF)
    assert SuppressedAddress.objects.get().email == "complainer@example.jp"
    assert SuppressedAddress.objects.get().reason == "complaint"


def test_bounce_webhook_needs_the_secret(client, settings):
    """Wrong secret: 401 and nothing recorded; right secret: 204, recorded."""
    settings.CITYHALL_NOTICES_BOUNCE_WEBHOOK_SECRET = "s3cret"
    url = reverse("notices_bounce_webhook")
    raw = _dsn("dead@example.jp", "5.1.1", 3)
    bad = client.post(
        url, raw, content_type="message/rfc822", HTTP_AUTHORIZATION="Bearer nope"
    )
    assert bad.status_code == 401
    assert not BounceEvent.objects.exists()
    good = client.post(
        url, raw, content_type="message/rfc822", HTTP_AUTHORIZATION="Bearer s3cret"
    )
    assert good.status_code == 204
    assert SuppressedAddress.objects.filter(email="dead@example.jp").exists()


def test_bounce_maildir(tmp_path):
    """New mails of the bounce Maildir are recorded once and moved to cur."""
    import mailbox

    box = mailbox.Maildir(str(tmp_path / "bounces"))
    box.add(_dsn("dead@example.jp", "5.1.1", 4))
    box.add(b"Subject: hello\r\n\r\nnot a report\r\n")
    assert bounces.bounce_maildir_process(path=tmp_path / "bounces") == 1
    assert bounces.bounce_maildir_process(path=tmp_path / "bounces") == 0
    assert SuppressedAddress.objects.filter(email="dead@example.jp").exists()


def test_resident_manages_subscription_from_account(client):
    """A verified resident subscribes without a mail round trip; the account
    page shows the section."""
    user = UserFactory(email_verified_at=timezone.now())
    client.force_login(user)
    response = client.post(reverse("notices_subscriptions:account"), {"language": "ko"})
    assert response.status_code == 200
    subscriber = Subscriber.objects.get(user=user)
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.language == "ko"
    profile = client.get(reverse("accounts:profile"))
    assert reverse("notices_subscriptions:account") in profile.content.decode()


def test_password_reset_rate_limited_per_address(client, settings):
    """Past the per-address limit the reset form answers 429 and mails nothing."""
    settings.CITYHALL_MAIL_FORM_ADDRESS_LIMIT = 1
    url = reverse("accounts:password_reset")
    assert client.post(url, {"email": "someone@example.jp"}).status_code == 302
    response = client.post(url, {"email": "someone@example.jp"})
    assert response.status_code == 429
    assert len(mail.outbox) == 0


def test_never_verified_signups_purged_after_seven_days():
    """Inactive, never-verified resident accounts older than 7 days go."""
    from cityhall.core.models import User
    from cityhall.core.residents.services import residents_unverified_purge

    old = UserFactory(is_active=False, email_verified_at=None)
    User.objects.filter(pk=old.pk).update(
        date_joined=timezone.now() - dt.timedelta(days=8)
    )
    fresh = UserFactory(is_active=False, email_verified_at=None)
    verified = UserFactory()
    User.objects.filter(pk=verified.pk).update(
        date_joined=timezone.now() - dt.timedelta(days=30)
    )
    assert residents_unverified_purge() == 1
    assert set(User.objects.values_list("pk", flat=True)) == {fresh.pk, verified.pk}
