"""Login throttle edges: which address counts, how long counters live, what a
successful sign-in resets, and what the known-device cookie holds."""

import time

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from cityhall.core.login_throttle import (
    ACCOUNT_RULE,
    DEVICE_COOKIE_MAX_AGE,
    DEVICE_COOKIE_PREFIX,
    DEVICE_FAILURE_LIMIT,
    SOURCE_RULE,
    LoginAttempt,
    ThrottleRule,
    client_ip,
    login_attempt_for,
    login_failure_record,
    login_success_record,
    login_wait_seconds,
    throttled_message,
)
from cityhall.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

T0 = 1_800_000_000.0


def _request(ip="192.0.2.10", forwarded=None, cookies=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().post("/", **extra)
    request.COOKIES.update(cookies or {})
    return request


def _attempt(email="someone@example.jp", ip="192.0.2.10", cookies=None):
    return login_attempt_for(_request(ip, cookies=cookies), identifier=email)


def _fail(attempt, times, now=T0):
    for _ in range(times):
        login_failure_record(attempt, now=now)


def _throttle_source(ip, now=T0):
    """Enough failures from ``ip`` (on distinct accounts) to make it wait the
    base delay."""
    for n in range(SOURCE_RULE.free_failures):
        login_failure_record(_attempt(email=f"s{n}@example.jp", ip=ip), now=now)


@pytest.fixture
def clock(monkeypatch):
    """A settable wall clock for the cache's expiry (and the throttle's "now")."""
    current = [T0]
    monkeypatch.setattr(time, "time", lambda: current[0])
    return current


def _device_cookie(response):
    cookies = [
        morsel
        for name, morsel in response.cookies.items()
        if name.startswith(DEVICE_COOKIE_PREFIX)
    ]
    assert len(cookies) == 1
    return cookies[0]


# --- Which address is the client ------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # The client can write anything to the left; the proxies append on the right.
        (1, "198.51.100.1, 203.0.113.5, 203.0.113.9", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.5, 203.0.113.9", "203.0.113.5"),
        (3, "198.51.100.1, 203.0.113.5, 203.0.113.9", "198.51.100.1"),
        # Exactly as many entries as proxies: the first one is the client.
        (2, "203.0.113.5, 203.0.113.9", "203.0.113.5"),
        # Blanks and empty entries are skipped, not counted.
        (1, " 198.51.100.1 ,, 203.0.113.9 ", "203.0.113.9"),
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_right(
    settings, proxies, forwarded, expected
):
    """With N trusted proxies, the N-th X-Forwarded-For entry from the right is
    the client; entries further left were written by the client itself."""
    settings.CITYHALL_TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request("10.0.0.2", forwarded=forwarded)) == expected


def test_client_ip_falls_back_to_remote_addr_with_too_few_entries(settings):
    """A header shorter than the proxy chain did not come through all the
    proxies; the connection's own address is used."""
    settings.CITYHALL_TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("10.0.0.2", forwarded="203.0.113.9")) == "10.0.0.2"


def test_client_ip_without_forwarded_for_behind_a_proxy(settings):
    """A request that reached the server without the proxy's header (a health
    check, a direct connection) is counted by its own address."""
    settings.CITYHALL_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("192.0.2.44")) == "192.0.2.44"


def test_client_ip_falls_back_to_remote_addr_on_garbage(settings):
    """A forwarded entry that is not an address is not trusted."""
    settings.CITYHALL_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("10.0.0.2", forwarded="not-an-ip")) == "10.0.0.2"


def test_client_ip_is_empty_when_nothing_is_an_address(settings):
    """Neither header nor connection give an address: the empty string."""
    settings.CITYHALL_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("bogus", forwarded="also-bogus")) == ""


def test_client_ip_is_normalised(settings):
    """An IPv6 address is written in its canonical short form."""
    assert client_ip(_request("2001:DB8:0:0:0:0:0:1")) == "2001:db8::1"


def test_forwarded_for_is_ignored_when_the_setting_is_absent(settings):
    """Without CITYHALL_TRUSTED_PROXY_COUNT, no proxy is trusted."""
    del settings.CITYHALL_TRUSTED_PROXY_COUNT
    assert client_ip(_request("192.0.2.1", forwarded="203.0.113.9")) == "192.0.2.1"


def test_forwarded_source_is_what_the_throttle_counts(settings):
    """Behind a proxy, two clients with the proxy's REMOTE_ADDR are throttled
    separately, by the address the proxy saw."""
    settings.CITYHALL_TRUSTED_PROXY_COUNT = 1
    for n in range(SOURCE_RULE.free_failures):
        request = _request("10.0.0.2", forwarded="203.0.113.9")
        login_failure_record(
            login_attempt_for(request, identifier=f"f{n}@example.jp"), now=T0
        )
    other = login_attempt_for(
        _request("10.0.0.2", forwarded="198.51.100.1"), identifier="x@example.jp"
    )
    same = login_attempt_for(
        _request("10.0.0.2", forwarded="203.0.113.9"), identifier="x@example.jp"
    )
    assert login_wait_seconds(other, now=T0) == 0
    assert login_wait_seconds(same, now=T0) == SOURCE_RULE.base_delay


# --- Which sources share a counter ----------------------------------------------


def test_different_ipv6_64s_are_different_sources():
    """Failures from one IPv6 /64 do not slow down a neighbouring /64."""
    _throttle_source("2001:db8:1:2::1")
    assert login_wait_seconds(_attempt(email="n@example.jp", ip="2001:db8:1:2::9"))
    assert login_wait_seconds(_attempt(email="n@example.jp", ip="2001:db8:1:3::1")) == 0


def test_different_ipv4_addresses_are_different_sources():
    """IPv4 addresses are counted one by one, not by network."""
    _throttle_source("192.0.2.10")
    assert login_wait_seconds(_attempt(email="n@example.jp", ip="192.0.2.11")) == 0


def test_ipv4_mapped_ipv6_counts_as_the_ipv4_address():
    """::ffff:a.b.c.d is the same client as a.b.c.d (dual-stack servers)."""
    _throttle_source("192.0.2.10")
    mapped = _attempt(email="n@example.jp", ip="::ffff:192.0.2.10")
    assert login_wait_seconds(mapped, now=T0) == SOURCE_RULE.base_delay
    assert mapped.source == "192.0.2.10"


def test_mapped_addresses_of_different_ipv4_clients_stay_apart():
    """Two IPv4 clients seen as mapped IPv6 do not share one /64 bucket."""
    _throttle_source("::ffff:192.0.2.10")
    assert (
        login_wait_seconds(_attempt(email="n@example.jp", ip="::ffff:192.0.2.99")) == 0
    )


def test_source_of_an_unreadable_address_is_unknown():
    """A request without a usable address is counted under one "unknown"
    source, not under an empty or per-request key."""
    assert _attempt(ip="bogus").source == "unknown"


# --- How long counters live -----------------------------------------------------


def test_account_counter_expires_window_after_the_last_failure(clock):
    """After ``window`` quiet seconds the account starts again from zero: the
    next failures are free again."""
    attempt = _attempt()
    _fail(attempt, ACCOUNT_RULE.free_failures + 3, now=clock[0])
    clock[0] += ACCOUNT_RULE.window + 1
    _fail(attempt, 1, now=clock[0])
    assert login_wait_seconds(attempt, now=clock[0]) == 0


def test_source_counter_expires_window_after_the_last_failure(clock):
    """The source counter is forgotten after its window as well."""
    _throttle_source("192.0.2.10", now=clock[0])
    clock[0] += SOURCE_RULE.window + 1
    fresh = _attempt(email="later@example.jp")
    login_failure_record(fresh, now=clock[0])
    assert login_wait_seconds(fresh, now=clock[0]) == 0


def test_each_failure_restarts_the_window(clock):
    """A steady trickle of failures keeps the counter: the window runs from
    the last failure, not the first."""
    attempt = _attempt()
    _fail(attempt, ACCOUNT_RULE.free_failures, now=clock[0])
    clock[0] += ACCOUNT_RULE.window - 10
    _fail(attempt, 1, now=clock[0])
    clock[0] += 20  # past the first failure's window, inside the last one's
    _fail(attempt, 1, now=clock[0])
    expected = ACCOUNT_RULE.delay_after(ACCOUNT_RULE.free_failures + 2)
    assert login_wait_seconds(attempt, now=clock[0]) == expected


def test_long_wait_outlasts_the_cache_default_timeout(clock):
    """A 15-minute wait is still 15 minutes: the time of the last failure is
    kept as long as the counter, not for the cache's default 5 minutes."""
    attempt = _attempt()
    _fail(attempt, ACCOUNT_RULE.free_failures + 7, now=clock[0])
    assert login_wait_seconds(attempt, now=clock[0]) == ACCOUNT_RULE.max_delay
    clock[0] += 301
    assert login_wait_seconds(attempt, now=clock[0]) == ACCOUNT_RULE.max_delay - 301


def test_nothing_is_kept_after_the_window(clock):
    """Once the window has passed, the cache holds neither the count nor the
    time of the last failure, for the account or the source."""
    from django.core.cache import caches

    from cityhall.core.login_throttle import _key

    attempt = _attempt()
    _fail(attempt, 1, now=clock[0])
    keys = [
        f"{_key(scope, ident)}:{part}"
        for scope, ident in (("account", attempt.account), ("source", attempt.source))
        for part in ("n", "t")
    ]
    assert all(caches["default"].get(key) is not None for key in keys)
    clock[0] += ACCOUNT_RULE.window + 1
    assert [caches["default"].get(key) for key in keys] == [None] * 4


def test_device_counter_expires_too(clock):
    """A device cookie that collected failures is trusted again once its
    counter has expired."""
    attempt = LoginAttempt(source="192.0.2.10", account="a@example.jp", device="n1")
    _fail(attempt, DEVICE_FAILURE_LIMIT, now=clock[0])
    assert not attempt.device_trusted
    clock[0] += ACCOUNT_RULE.window + 1
    assert attempt.device_trusted


class ExpiringBeforeIncrementCache(LocMemCache):
    """A cache in which a new counter expires between its creation and its
    first increment (what a counter created at the end of its window meets)."""

    def add(self, key, value, timeout=None, version=None):
        return True


def test_counter_that_expires_before_its_increment_still_counts(settings):
    """Each failure is counted even when the counter vanishes between being
    created and being incremented."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": f"{__name__}.ExpiringBeforeIncrementCache",
            "LOCATION": "expiring-before-increment",
        },
    }
    attempt = _attempt()
    _fail(attempt, ACCOUNT_RULE.free_failures - 1)
    assert login_wait_seconds(attempt, now=T0) == 0
    _fail(attempt, 1)
    assert login_wait_seconds(attempt, now=T0) == ACCOUNT_RULE.base_delay


def test_counter_without_its_timestamp_does_not_block(settings):
    """If the cache evicted the time of the last failure (LRU) but kept the
    count, the attempt may go ahead rather than fail."""
    from django.core.cache import caches

    from cityhall.core.login_throttle import _key

    attempt = _attempt()
    _fail(attempt, ACCOUNT_RULE.free_failures + 1)
    caches["default"].delete(f"{_key('account', attempt.account)}:t")
    assert login_wait_seconds(attempt, now=T0) == 0


# --- Waiting --------------------------------------------------------------------


def test_wait_counts_down_from_the_last_failure():
    """The wait is the delay minus the time since the last failure, rounded up."""
    attempt = _attempt()
    _fail(attempt, ACCOUNT_RULE.free_failures)
    assert login_wait_seconds(attempt, now=T0 + 3.5) == ACCOUNT_RULE.base_delay - 3
    assert login_wait_seconds(attempt, now=T0 + ACCOUNT_RULE.base_delay + 100) == 0


def test_delay_starts_exactly_at_the_free_allowance():
    """The free allowance is a count of failures: that many are free, the next
    one costs the base delay, and each further one doubles it."""
    rule = ThrottleRule("t", free_failures=3, base_delay=5, max_delay=40, window=60)
    assert [rule.delay_after(n) for n in range(8)] == [0, 0, 0, 5, 10, 20, 40, 40]


def test_source_and_account_waits_combine_to_the_longer():
    """An attempt waits for whichever of its source and account is slower."""
    attempt = _attempt()
    _fail(attempt, ACCOUNT_RULE.free_failures + 1)
    assert login_wait_seconds(attempt, now=T0) == 2 * ACCOUNT_RULE.base_delay


def test_identifier_is_compared_case_and_space_insensitively():
    """ "Someone@Example.JP " and "someone@example.jp" are one account."""
    _fail(_attempt(email="  Someone@Example.JP "), ACCOUNT_RULE.free_failures)
    assert login_wait_seconds(_attempt(email="someone@example.jp", ip="198.51.100.7"))


# --- Successful sign-in ---------------------------------------------------------


def test_success_clears_the_account_failures():
    """Signing in forgets the account's failures: the next mistake is free."""
    user = UserFactory()
    attempt = _attempt(email=user.email)
    _fail(attempt, ACCOUNT_RULE.free_failures + 2)
    login_success_record(attempt, user=user, response=HttpResponse())
    other_ip = _attempt(email=user.email, ip="198.51.100.7")
    login_failure_record(other_ip, now=T0)
    assert login_wait_seconds(other_ip, now=T0) == 0


def test_success_keeps_the_source_failures():
    """Signing in to one's own account does not wipe the guesses made from the
    same address against others."""
    user = UserFactory()
    _throttle_source("192.0.2.10")
    attempt = _attempt(email=user.email)
    login_success_record(attempt, user=user, response=HttpResponse())
    assert login_wait_seconds(attempt, now=T0) == SOURCE_RULE.base_delay


# --- Known-device cookie --------------------------------------------------------


def test_each_sign_in_without_a_cookie_gets_its_own_device_value():
    """Two browsers get different device cookies, so one stolen cookie does
    not vouch for every device."""
    user = UserFactory()
    first, second = HttpResponse(), HttpResponse()
    login_success_record(_attempt(email=user.email), user=user, response=first)
    login_success_record(_attempt(email=user.email), user=user, response=second)
    first_value = _device_cookie(first).value
    second_value = _device_cookie(second).value
    assert first_value.split(":")[0] != second_value.split(":")[0]


def test_device_cookie_attributes(settings):
    """The cookie is HttpOnly, SameSite=Lax, lives a year and is Secure when
    the session cookie is."""
    settings.SESSION_COOKIE_SECURE = True
    user = UserFactory()
    response = HttpResponse()
    login_success_record(_attempt(email=user.email), user=user, response=response)
    cookie = _device_cookie(response)
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == DEVICE_COOKIE_MAX_AGE == 365 * 24 * 60 * 60


def test_presented_device_cookie_is_recognised_and_reissued_unchanged():
    """A browser that presents its device cookie is recognised as that device,
    and signing in again keeps the same device identity."""
    user = UserFactory()
    response = HttpResponse()
    login_success_record(_attempt(email=user.email), user=user, response=response)
    cookie = _device_cookie(response)
    returning = _attempt(email=user.email.upper(), cookies={cookie.key: cookie.value})
    assert returning.device == cookie.value.split(":")[0]
    again = HttpResponse()
    login_success_record(returning, user=user, response=again)
    assert _device_cookie(again).value.split(":")[0] == returning.device


def test_device_cookie_older_than_a_year_is_not_recognised(clock):
    """The signature carries its date: a device cookie signed more than a year
    ago no longer counts, even if the browser still sends it."""
    user = UserFactory()
    issued = {}
    for age_days in (364, 366):
        clock[0] = T0 - age_days * 24 * 60 * 60
        response = HttpResponse()
        login_success_record(_attempt(email=user.email), user=user, response=response)
        issued[age_days] = _device_cookie(response)
    clock[0] = T0
    recent, old = issued[364], issued[366]
    assert _attempt(email=user.email, cookies={recent.key: recent.value}).device
    assert _attempt(email=user.email, cookies={old.key: old.value}).device is None


def test_device_cookie_names_differ_per_account():
    """Each account has its own cookie name, derived from its public id."""
    first, second = UserFactory(), UserFactory()
    names = set()
    for user in (first, second):
        response = HttpResponse()
        login_success_record(_attempt(email=user.email), user=user, response=response)
        names.add(_device_cookie(response).key)
    assert len(names) == 2
    assert all(len(name) == len(DEVICE_COOKIE_PREFIX) + 16 for name in names)


def test_tampered_device_cookie_is_not_recognised():
    """A cookie whose signature does not match is ignored."""
    user = UserFactory()
    response = HttpResponse()
    login_success_record(_attempt(email=user.email), user=user, response=response)
    cookie = _device_cookie(response)
    nonce, _sep, signature = cookie.value.partition(":")
    forged = f"{nonce}x:{signature}"
    assert _attempt(email=user.email, cookies={cookie.key: forged}).device is None


def test_device_cookie_for_unknown_account_is_ignored():
    """A device cookie presented with an address nobody has counts for nothing."""
    user = UserFactory()
    response = HttpResponse()
    login_success_record(_attempt(email=user.email), user=user, response=response)
    cookie = _device_cookie(response)
    stranger = _attempt(email="nobody@example.jp", cookies={cookie.key: cookie.value})
    assert stranger.device is None


def test_device_trust_ends_at_the_failure_limit():
    """A device stays trusted up to one failure below the limit."""
    attempt = LoginAttempt(source="192.0.2.10", account="a@example.jp", device="n1")
    _fail(attempt, DEVICE_FAILURE_LIMIT - 1)
    assert attempt.device_trusted
    _fail(attempt, 1)
    assert not attempt.device_trusted


def test_trusted_device_skips_the_account_wait_but_not_the_source_wait():
    """A known device ignores the account counter; its address still counts."""
    throttled = LoginAttempt(source="192.0.2.10", account="a@example.jp", device=None)
    _fail(throttled, ACCOUNT_RULE.free_failures + 1)
    device = LoginAttempt(source="198.51.100.7", account="a@example.jp", device="n1")
    assert login_wait_seconds(device, now=T0) == 0
    _throttle_source("198.51.100.7")
    assert login_wait_seconds(device, now=T0) == SOURCE_RULE.base_delay


def test_failures_with_a_device_cookie_count_against_that_device_only():
    """A failure presenting a device cookie counts against that device, not
    against another device of the same account."""
    guessing = LoginAttempt(source="192.0.2.10", account="a@example.jp", device="n1")
    _fail(guessing, DEVICE_FAILURE_LIMIT)
    owner = LoginAttempt(source="192.0.2.10", account="a@example.jp", device="n2")
    assert not guessing.device_trusted
    assert owner.device_trusted


# --- Message --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (1, "Please wait 1 second and"),
        (59, "Please wait 59 seconds and"),
        (60, "Please wait 1 minute and"),
        (61, "Please wait 2 minutes and"),
        (600, "Please wait 10 minutes and"),
    ],
)
def test_throttled_message_states_the_wait(seconds, expected):
    """Under a minute the wait is in seconds; from a minute on, in whole
    minutes rounded up, singular or plural as the number needs."""
    with translation.override("en"):
        assert expected in throttled_message(seconds)
