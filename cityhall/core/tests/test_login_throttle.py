"""Login throttle: per source and per account, with the known-device bypass."""

import time

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from cityhall.core.login_throttle import (
    ACCOUNT_RULE,
    DEVICE_FAILURE_LIMIT,
    SOURCE_RULE,
    client_ip,
    login_attempt_for,
    login_failure_record,
    login_wait_seconds,
)
from cityhall.core.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

T0 = 1_800_000_000.0


def _attempt(email="someone@example.jp", ip="192.0.2.10", cookies=None):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.COOKIES.update(cookies or {})
    return login_attempt_for(request, identifier=email)


def _fail(attempt, times, now=T0):
    for _ in range(times):
        login_failure_record(attempt, now=now)


def test_free_failures_do_not_slow_down():
    """Up to the free allowance, the next attempt may go ahead at once."""
    attempt = _attempt()
    _fail(attempt, ACCOUNT_RULE.free_failures - 1)
    assert login_wait_seconds(attempt, now=T0) == 0


def test_account_delay_starts_after_free_failures():
    """One failure beyond the allowance means waiting the base delay."""
    attempt = _attempt()
    _fail(attempt, ACCOUNT_RULE.free_failures)
    assert login_wait_seconds(attempt, now=T0) == ACCOUNT_RULE.base_delay
    assert login_wait_seconds(attempt, now=T0 + ACCOUNT_RULE.base_delay) == 0


def test_delay_doubles_and_is_capped():
    """Each further failure doubles the wait, up to the cap."""
    assert ACCOUNT_RULE.delay_after(ACCOUNT_RULE.free_failures + 1) == (
        2 * ACCOUNT_RULE.base_delay
    )
    assert ACCOUNT_RULE.delay_after(ACCOUNT_RULE.free_failures + 50) == (
        ACCOUNT_RULE.max_delay
    )


def test_account_throttle_applies_across_sources():
    """Failures against one account slow attempts on it from any address."""
    _fail(_attempt(ip="192.0.2.10"), ACCOUNT_RULE.free_failures + 2)
    assert login_wait_seconds(_attempt(ip="198.51.100.7"), now=T0) > 0


def test_source_throttle_applies_across_accounts():
    """Guessing many accounts from one address slows that address down."""
    for n in range(SOURCE_RULE.free_failures + 1):
        login_failure_record(_attempt(email=f"a{n}@example.jp"), now=T0)
    assert login_wait_seconds(_attempt(email="fresh@example.jp"), now=T0) > 0
    assert (
        login_wait_seconds(
            _attempt(email="fresh@example.jp", ip="198.51.100.7"), now=T0
        )
        == 0
    )


def test_ipv6_addresses_in_one_64_count_as_one_source():
    """Rotating addresses inside one IPv6 /64 does not escape the source rule."""
    for n in range(SOURCE_RULE.free_failures + 1):
        login_failure_record(
            _attempt(email=f"b{n}@example.jp", ip=f"2001:db8:1:2::{n + 1:x}"), now=T0
        )
    assert (
        login_wait_seconds(
            _attempt(email="c@example.jp", ip="2001:db8:1:2::ffff"), now=T0
        )
        > 0
    )


def test_counters_are_forgotten_after_the_window(settings):
    """A failure streak older than the window no longer counts."""
    attempt = _attempt()
    _fail(attempt, ACCOUNT_RULE.free_failures + 3)
    later = T0 + ACCOUNT_RULE.window + 1
    # The cache expiry is real time; the timestamps decide the wait.
    assert login_wait_seconds(attempt, now=later) == 0


def test_client_ip_ignores_forwarded_for_without_trusted_proxies():
    """X-Forwarded-For is attacker-controlled unless a proxy is configured."""
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert client_ip(request) == "192.0.2.1"


@override_settings(CITYHALL_TRUSTED_PROXY_COUNT=1)
def test_client_ip_takes_the_address_the_trusted_proxy_saw():
    """With one trusted proxy, the last X-Forwarded-For entry is the client."""
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"


# --- Through the sign-in views --------------------------------------------------


def _login(client, email, password, ip="192.0.2.50"):
    return client.post(
        reverse("accounts:login"),
        {"email": email, "password": password, "next": "/"},
        REMOTE_ADDR=ip,
    )


def test_throttled_attempt_gets_429_and_password_is_not_checked(client):
    """Even the right password is refused (429, Retry-After) while throttled."""
    user = UserFactory()
    attempt = _attempt(email=user.email, ip="192.0.2.50")
    _fail(attempt, ACCOUNT_RULE.free_failures + 1, now=time.time())
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_throttle_message_is_the_same_for_unknown_accounts(client):
    """An account that does not exist is throttled exactly like one that does."""
    user = UserFactory()
    for email in (user.email, "nobody@example.jp"):
        _fail(
            _attempt(email=email, ip="192.0.2.50"),
            ACCOUNT_RULE.free_failures + 1,
            now=time.time(),
        )
    known = _login(client, user.email, "wrong-password")
    unknown = _login(client, "nobody@example.jp", "wrong-password")
    assert known.status_code == unknown.status_code == 429
    assert known.context["form"].errors == unknown.context["form"].errors


def test_known_device_cookie_lets_the_owner_in_during_an_attack(client):
    """The owner's browser, holding the device cookie from an earlier sign-in,
    is not slowed by an attacker's failures on the same account."""
    user = UserFactory()
    assert _login(client, user.email, PASSWORD, ip="192.0.2.60").status_code == 302
    client.post(reverse("accounts:logout"))
    from django.test import Client

    attacker = Client()
    for _ in range(ACCOUNT_RULE.free_failures + 2):
        _login(attacker, user.email, "guess", ip="203.0.113.66")
    assert _login(attacker, user.email, PASSWORD, ip="203.0.113.66").status_code == 429
    response = _login(client, user.email, PASSWORD, ip="192.0.2.61")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_device_cookie_for_another_account_does_not_bypass(client):
    """A device cookie only vouches for the account it was issued for."""
    owner = UserFactory()
    victim = UserFactory()
    assert _login(client, owner.email, PASSWORD, ip="192.0.2.70").status_code == 302
    client.post(reverse("accounts:logout"))
    _fail(
        _attempt(email=victim.email, ip="203.0.113.1"),
        ACCOUNT_RULE.free_failures + 1,
        now=time.time(),
    )
    assert _login(client, victim.email, PASSWORD, ip="192.0.2.70").status_code == 429


def test_device_cookie_that_fails_too_often_stops_bypassing(client):
    """A stolen device cookie used for guessing loses its bypass."""
    user = UserFactory()
    assert _login(client, user.email, PASSWORD, ip="192.0.2.80").status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(DEVICE_FAILURE_LIMIT):
        _login(client, user.email, "guess", ip="192.0.2.80")
    assert _login(client, user.email, PASSWORD, ip="192.0.2.80").status_code == 429


def test_device_cookie_is_httponly_and_signed(client):
    """The known-device cookie cannot be read by scripts and is signed."""
    user = UserFactory()
    response = _login(client, user.email, PASSWORD)
    cookies = [
        c for name, c in response.cookies.items() if name.startswith("cityhall_device_")
    ]
    assert len(cookies) == 1
    assert cookies[0]["httponly"]
    assert ":" in cookies[0].value  # value:signature
