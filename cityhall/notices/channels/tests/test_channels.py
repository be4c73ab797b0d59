"""LINE, X and Facebook adapters against local servers that check each request."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from cityhall.notices.channels import facebook, line, x
from cityhall.notices.channels.errors import (
    ChannelNotConfiguredError,
    ChannelPermanentError,
    ChannelTemporaryError,
)
from cityhall.notices.channels.http import retry_after_seconds
from cityhall.notices.channels.tests.servers import (
    Answer,
    FakeGraph,
    FakeLine,
    FakeX,
    _graph_error,
)

NOTICE = (
    "【避難指示】那珂川の水位が上昇しています。"
    "黒羽地区と湯津上地区の方は避難してください。"
)
URL = "https://city.example.jp/news/2026/flood-kurobane/"


def _line_settings(server: FakeLine) -> override_settings:
    return override_settings(
        CITYHALL_LINE_CHANNEL_ACCESS_TOKEN="line-token",
        CITYHALL_LINE_API_URL=server.url,
    )


# --- LINE -----------------------------------------------------------------


def test_line_is_off_without_a_token():
    """No token: not configured, and sending refuses without a request."""
    with override_settings(CITYHALL_LINE_CHANNEL_ACCESS_TOKEN=""):
        assert not line.is_configured()
        with pytest.raises(ChannelNotConfiguredError):
            line.send_notice(text=NOTICE, url=URL, language="ja", idempotency_key="k")


def test_line_broadcast_shape_and_request_id():
    """One text message with the link, bearer token, a UUID retry key."""
    with FakeLine("line-token") as server, _line_settings(server):
        assert line.is_configured()
        remote_id = line.send_notice(
            text=NOTICE, url=URL, language="ja", idempotency_key="notice-1:line"
        )
        request = server.requests[0]
    assert request.path == "/v2/bot/message/broadcast"
    assert request.headers["authorization"] == "Bearer line-token"
    body = json.loads(request.body)
    assert body == {"messages": [{"type": "text", "text": f"{NOTICE}\n{URL}"}]}
    assert remote_id == server.accepted[request.headers["x-line-retry-key"]]


def test_line_retry_is_sent_once():
    """A retry after a lost answer gets 409 and the first request's id: one
    message reaches the residents."""
    with FakeLine("line-token") as server, _line_settings(server):
        first = line.send_notice(
            text=NOTICE, url=URL, language="ja", idempotency_key="notice-2:line"
        )
        again = line.send_notice(
            text=NOTICE, url=URL, language="ja", idempotency_key="notice-2:line"
        )
        other_language = line.send_notice(
            text="Evacuate now.",
            url=URL,
            language="en",
            idempotency_key="notice-2:line",
        )
    assert again == first
    assert other_language != first
    assert len(server.delivered) == 2


def test_line_long_text_is_cut_to_5000_and_keeps_the_link():
    """A 6,000-character notice fits in 5,000 characters, link last."""
    with FakeLine("line-token") as server, _line_settings(server):
        line.send_notice(text="あ" * 6000, url=URL, language="ja", idempotency_key="k3")
    text = server.delivered[0]["messages"][0]["text"]
    assert len(text) == 5000
    assert text.endswith("…\n" + URL)


def test_line_multicast_limits():
    """Multicast sends user ids; more than 500 is refused before any request."""
    with FakeLine("line-token") as server, _line_settings(server):
        line.multicast(
            text=NOTICE,
            url=URL,
            user_ids=["U" + "0" * 32],
            language="ja",
            idempotency_key="k4",
        )
        with pytest.raises(ValueError):
            line.multicast(
                text=NOTICE,
                url=URL,
                user_ids=["U1"] * 501,
                language="ja",
                idempotency_key="k5",
            )
    assert len(server.requests) == 1
    assert json.loads(server.requests[0].body)["to"] == ["U" + "0" * 32]


def test_line_rate_limit_is_temporary_with_retry_after():
    """429 with Retry-After is a temporary error carrying the wait."""
    with FakeLine("line-token") as server, _line_settings(server):
        server.queued.append(
            Answer(429, {"message": "Too many requests"}, {"Retry-After": "30"})
        )
        with pytest.raises(ChannelTemporaryError) as caught:
            line.send_notice(text=NOTICE, url=URL, language="ja", idempotency_key="k6")
    assert caught.value.status == 429
    assert caught.value.retry_after == 30


def test_line_server_error_is_temporary_and_bad_token_permanent():
    """5xx may be retried; 401 may not."""
    with FakeLine("line-token") as server, _line_settings(server):
        server.queued.append(Answer(500, {"message": "Internal error"}))
        with pytest.raises(ChannelTemporaryError):
            line.send_notice(text=NOTICE, url=URL, language="ja", idempotency_key="k7")
        with (
            override_settings(CITYHALL_LINE_CHANNEL_ACCESS_TOKEN="wrong"),
            pytest.raises(ChannelPermanentError) as caught,
        ):
            line.send_notice(text=NOTICE, url=URL, language="ja", idempotency_key="k8")
    assert caught.value.status == 401
    assert not isinstance(caught.value, ChannelTemporaryError)


def test_unreachable_service_is_temporary():
    """Nothing listening: a temporary error, not a crash."""
    with FakeLine("line-token") as server:
        url = server.url
    with (
        override_settings(
            CITYHALL_LINE_CHANNEL_ACCESS_TOKEN="line-token", CITYHALL_LINE_API_URL=url
        ),
        pytest.raises(ChannelTemporaryError),
    ):
        line.send_notice(text=NOTICE, url=URL, language="ja", idempotency_key="k9")


# --- X --------------------------------------------------------------------

OAUTH1 = {
    "consumer_key": "ck",
    "consumer_secret": "cs",
    "token": "at",
    "token_secret": "ats",
}


def _x_settings(server: FakeX, **extra: str) -> override_settings:
    values = {
        "CITYHALL_X_API_URL": server.url,
        "CITYHALL_X_CONSUMER_KEY": "",
        "CITYHALL_X_CONSUMER_SECRET": "",
        "CITYHALL_X_ACCESS_TOKEN": "",
        "CITYHALL_X_ACCESS_TOKEN_SECRET": "",
        "CITYHALL_X_OAUTH2_USER_TOKEN": "",
    }
    values.update(extra)
    return override_settings(**values)


def test_x_weighted_length():
    """Kana and kanji weigh 2, Latin 1, any URL 23."""
    assert x.weighted_length("abc") == 3
    assert x.weighted_length("避難") == 4
    assert x.weighted_length("見る " + URL) == 4 + 1 + 23


def test_oauth1_signature_matches_the_published_example():
    """The HMAC-SHA1 signature of the well-known OAuth 1.0a example."""
    header = x.oauth1_header(
        "POST",
        "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
        consumer_key="xvz1evFS4wEEPTGEFPHBog",
        consumer_secret="kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
        token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        token_secret="LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
        nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
        timestamp=1318622958,
        form={"status": "Hello Ladies + Gentlemen, a signed OAuth request!"},
    )
    assert 'oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"' in header


def test_x_post_with_oauth1_fits_280_weighted():
    """A long Japanese notice is cut to 280 weighted characters, link kept;
    the server verifies the signature."""
    long_notice = NOTICE * 5
    with (
        FakeX(**OAUTH1) as server,
        _x_settings(
            server,
            CITYHALL_X_CONSUMER_KEY="ck",
            CITYHALL_X_CONSUMER_SECRET="cs",
            CITYHALL_X_ACCESS_TOKEN="at",
            CITYHALL_X_ACCESS_TOKEN_SECRET="ats",
        ),
    ):
        assert x.is_configured()
        remote_id = x.send_notice(
            text=long_notice, url=URL, language="ja", idempotency_key="n1:x"
        )
    posted = server.posts[0]
    assert remote_id == "1800000001"
    assert x.weighted_length(posted) <= 280
    assert x.weighted_length(posted) >= 278
    assert posted.endswith("…\n" + URL)


def test_x_with_oauth2_user_token_and_errors():
    """Bearer user token works; a duplicate is permanent; 429 carries the reset."""
    with (
        FakeX(bearer="user-token") as server,
        _x_settings(server, CITYHALL_X_OAUTH2_USER_TOKEN="user-token"),
    ):
        x.send_notice(text="短いお知らせ", url=URL, language="ja", idempotency_key="a")
        with pytest.raises(ChannelPermanentError) as duplicate:
            x.send_notice(
                text="短いお知らせ", url=URL, language="ja", idempotency_key="a"
            )
        server.queued.append(
            Answer(429, {"title": "Too Many Requests"}, {"x-rate-limit-reset": "1"})
        )
        with pytest.raises(ChannelTemporaryError) as limited:
            x.send_notice(
                text="別のお知らせ", url=URL, language="ja", idempotency_key="b"
            )
    assert duplicate.value.status == 403
    assert limited.value.retry_after == 0.0
    assert server.requests[0].headers["authorization"] == "Bearer user-token"


def test_x_off_when_partly_configured():
    """Half of the OAuth 1.0a credentials is not a configuration."""
    with override_settings(
        CITYHALL_X_CONSUMER_KEY="ck",
        CITYHALL_X_CONSUMER_SECRET="",
        CITYHALL_X_ACCESS_TOKEN="",
        CITYHALL_X_ACCESS_TOKEN_SECRET="",
        CITYHALL_X_OAUTH2_USER_TOKEN="",
    ):
        assert not x.is_configured()


# --- Facebook -------------------------------------------------------------


def _fb_settings(
    server: FakeGraph,
    token: str = "page-token",  # noqa: S107 - a test credential
) -> override_settings:
    return override_settings(
        CITYHALL_FACEBOOK_PAGE_ID="1234567890",
        CITYHALL_FACEBOOK_PAGE_ACCESS_TOKEN=token,
        CITYHALL_FACEBOOK_API_URL=server.url,
    )


def test_facebook_page_post():
    """Form-encoded message and link to /{page-id}/feed with the page token."""
    with FakeGraph("1234567890", "page-token") as server, _fb_settings(server):
        assert facebook.is_configured()
        remote_id = facebook.send_notice(
            text=NOTICE, url=URL, language="ja", idempotency_key="n1:facebook"
        )
    assert remote_id == "1234567890_1"
    assert server.posts == [{"message": NOTICE, "link": URL}]


def test_facebook_throttling_is_temporary_and_bad_token_permanent():
    """Graph's code 32 (page rate limit) in an HTTP 400 is temporary; 190 is not."""
    with FakeGraph("1234567890", "page-token") as server, _fb_settings(server):
        server.queued.append(
            Answer(400, _graph_error(32, "Page request limit reached"))
        )
        with pytest.raises(ChannelTemporaryError):
            facebook.send_notice(
                text=NOTICE, url=URL, language="ja", idempotency_key="a"
            )
        with (
            _fb_settings(server, token="expired"),
            pytest.raises(ChannelPermanentError) as caught,
        ):
            facebook.send_notice(
                text=NOTICE, url=URL, language="ja", idempotency_key="b"
            )
    assert not isinstance(caught.value, ChannelTemporaryError)
    assert json.loads(caught.value.body)["error"]["code"] == 190


def test_facebook_long_message_is_cut():
    """A message beyond 63,206 characters is shortened, not refused."""
    with FakeGraph("1234567890", "page-token") as server, _fb_settings(server):
        facebook.send_notice(
            text="あ" * 70000, url=URL, language="ja", idempotency_key="c"
        )
    assert len(server.posts[0]["message"]) == 63206


def test_retry_after_forms():
    """Seconds and HTTP dates; garbage is ignored."""
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None
