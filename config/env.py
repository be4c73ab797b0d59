"""The one place that reads the process environment.

Every setting Cityhall takes from outside is a ``CITYHALL_*`` variable read here,
typed where it is read, and listed with its default in ``docs/configuration.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


def _list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


#: "embedded" (make run, tests) or "production" (HTTPS, strict cookies, HSTS).
ENVIRONMENT = _str("CITYHALL_ENVIRONMENT", "embedded")
IS_PRODUCTION = ENVIRONMENT == "production"
DEBUG = _bool("CITYHALL_DEBUG", False)
DATA_DIR = Path(_str("CITYHALL_DATA_DIR", str(BASE_DIR / "var"))).resolve()
SECRET_KEY = _str("CITYHALL_SECRET_KEY")
DATABASE_URL = _str("CITYHALL_DATABASE_URL")
DATABASE_CONN_MAX_AGE = _int("CITYHALL_DATABASE_CONN_MAX_AGE", 60)
ALLOWED_HOSTS = _list("CITYHALL_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = _list("CITYHALL_CSRF_TRUSTED_ORIGINS", [])
REDIS_URL = _str("CITYHALL_REDIS_URL")
PAGE_CACHE_SECONDS = _int("CITYHALL_PAGE_CACHE_SECONDS", 300)
#: Reverse proxies that append the client address to X-Forwarded-For (0 = none:
#: the client address is REMOTE_ADDR).
TRUSTED_PROXY_COUNT = _int("CITYHALL_TRUSTED_PROXY_COUNT", 0)

EMAIL_URL = _str("CITYHALL_EMAIL_URL")  # smtp://user:pass@host:port, "console" or ""
EMAIL_FROM = _str("CITYHALL_EMAIL_FROM", "no-reply@cityhall.invalid")

S3_BUCKET = _str("CITYHALL_S3_BUCKET")
S3_ENDPOINT_URL = _str("CITYHALL_S3_ENDPOINT_URL")
S3_ACCESS_KEY_ID = _str("CITYHALL_S3_ACCESS_KEY_ID")
S3_SECRET_ACCESS_KEY = _str("CITYHALL_S3_SECRET_ACCESS_KEY")
S3_REGION = _str("CITYHALL_S3_REGION")

HSTS_SECONDS = _int("CITYHALL_HSTS_SECONDS", 31_536_000)
MAX_UPLOAD_MB = _int("CITYHALL_MAX_UPLOAD_MB", 10)
#: Largest request body an address without a declared upload limit accepts.
MAX_REQUEST_BODY_KB = _int("CITYHALL_MAX_REQUEST_BODY_KB", 2048)
LOG_LEVEL = _str("CITYHALL_LOG_LEVEL", "INFO")
WORKER_HEARTBEAT_SECONDS = _int("CITYHALL_WORKER_HEARTBEAT_SECONDS", 15)

#: Card payments: "sandbox" (built in, no real money) or "stripe".
PAYMENT_PROVIDER = _str("CITYHALL_PAYMENT_PROVIDER", "sandbox")
#: Secret the sandbox provider signs its events with (derived from
#: CITYHALL_SECRET_KEY when empty).
SANDBOX_WEBHOOK_SECRET = _str("CITYHALL_SANDBOX_WEBHOOK_SECRET")
STRIPE_SECRET_KEY = _str("CITYHALL_STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = _str("CITYHALL_STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = _str("CITYHALL_STRIPE_WEBHOOK_SECRET")
#: Where the Stripe library sends API calls (empty: Stripe's own address).
STRIPE_API_BASE = _str("CITYHALL_STRIPE_API_BASE")
STRIPE_WEBHOOK_TOLERANCE_SECONDS = _int(
    "CITYHALL_STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300
)

#: Map tiles (``/map/``): a tile URL template such as
#: ``https://tiles.example.jp/{z}/{x}/{y}.png`` and its attribution. Empty: the
#: map draws the municipality's outline only, which works offline.
MAP_TILE_URL = _str("CITYHALL_MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = _str("CITYHALL_MAP_TILE_ATTRIBUTION")
#: Survey dates in the demo population table (× 20,200 rows each; 5 → 101,000).
OPENDATA_DEMO_POPULATION_DATES = _int("CITYHALL_OPENDATA_DEMO_POPULATION_DATES", 5)
#: Notice mail (docs/notices-delivery.md): SMTP server of the delivery engine
#: (smtp://user:pass@host:port; empty = CITYHALL_EMAIL_URL).
NOTICES_SMTP_URL = _str("CITYHALL_NOTICES_SMTP_URL")
#: Sender of notice mail (empty = CITYHALL_EMAIL_FROM).
NOTICES_MAIL_FROM = _str("CITYHALL_NOTICES_MAIL_FROM")
#: Recipients per SMTP session (= per batch); carriers refuse more than ~100.
NOTICES_SESSION_RECIPIENTS = _int("CITYHALL_NOTICES_SESSION_RECIPIENTS", 100)
#: Concurrent SMTP sessions per receiving domain group: "a.jp+b.jp=2,c.com=4".
NOTICES_DOMAIN_CONCURRENCY = _str(
    "CITYHALL_NOTICES_DOMAIN_CONCURRENCY",
    "docomo.ne.jp=2,ezweb.ne.jp+au.com=2,softbank.ne.jp+i.softbank.jp=2,gmail.com=4",
)
#: Concurrent sessions for any other domain.
NOTICES_DEFAULT_DOMAIN_CONCURRENCY = _int(
    "CITYHALL_NOTICES_DEFAULT_DOMAIN_CONCURRENCY", 8
)
#: Seconds a worker holds a claimed batch before another may resume it.
NOTICES_LEASE_SECONDS = _int("CITYHALL_NOTICES_LEASE_SECONDS", 60)
#: Attempts per message before a temporary failure counts as failed.
NOTICES_MAX_ATTEMPTS = _int("CITYHALL_NOTICES_MAX_ATTEMPTS", 8)
#: First retry delay; doubled on each further attempt (capped at 6 hours).
NOTICES_RETRY_BASE_SECONDS = _int("CITYHALL_NOTICES_RETRY_BASE_SECONDS", 60)
#: Soft bounces (within 30 days) after which an address is suppressed.
NOTICES_SOFT_BOUNCE_LIMIT = _int("CITYHALL_NOTICES_SOFT_BOUNCE_LIMIT", 3)
#: Shared secret of the bounce webhook (empty: the webhook is off).
NOTICES_BOUNCE_WEBHOOK_SECRET = _str("CITYHALL_NOTICES_BOUNCE_WEBHOOK_SECRET")
#: Maildir the hourly bounce task reads DSNs and complaints from (empty: off).
NOTICES_BOUNCE_MAILDIR = _str("CITYHALL_NOTICES_BOUNCE_MAILDIR")
#: Mail-sending forms: requests per hour per source address and per typed address.
MAIL_FORM_SOURCE_LIMIT = _int("CITYHALL_MAIL_FORM_SOURCE_LIMIT", 30)
MAIL_FORM_ADDRESS_LIMIT = _int("CITYHALL_MAIL_FORM_ADDRESS_LIMIT", 3)
#: Facility bookings: attempts per window per account and per source (0: off).
BOOKING_ACCOUNT_LIMIT = _int("CITYHALL_BOOKING_ACCOUNT_LIMIT", 30)
BOOKING_SOURCE_LIMIT = _int("CITYHALL_BOOKING_SOURCE_LIMIT", 120)
BOOKING_RATE_WINDOW_SECONDS = _int("CITYHALL_BOOKING_RATE_WINDOW_SECONDS", 60)
#: Days before a confirmed booking its reminder is mailed (0: no reminders).
BOOKING_REMINDER_DAYS = _int("CITYHALL_BOOKING_REMINDER_DAYS", 2)
#: Machine translation of notices: "none", "libretranslate" or "deepl".
MACHINE_TRANSLATION = _str("CITYHALL_MACHINE_TRANSLATION", "none")
LIBRETRANSLATE_URL = _str("CITYHALL_LIBRETRANSLATE_URL")
LIBRETRANSLATE_API_KEY = _str("CITYHALL_LIBRETRANSLATE_API_KEY")
#: DeepL's API address: the free plan's unless set (pro: https://api.deepl.com).
DEEPL_URL = _str("CITYHALL_DEEPL_URL", "https://api-free.deepl.com")
DEEPL_API_KEY = _str("CITYHALL_DEEPL_API_KEY")
MACHINE_TRANSLATION_TIMEOUT_SECONDS = _int(
    "CITYHALL_MACHINE_TRANSLATION_TIMEOUT_SECONDS", 20
)

# Conventional names that hosting platforms set, read under their own names.
PORT = _int("PORT", 8000)
WEB_CONCURRENCY = _int("WEB_CONCURRENCY", 2)


def default_base_url(port: int) -> str:
    """The base URL of the embedded server (``make run``) listening on ``port``."""
    return f"http://127.0.0.1:{port}"


#: Where the site is reached from outside; every absolute link (mails, the
#: console's and Wagtail's mails) starts with it. Unset, it follows ``PORT``.
BASE_URL_IS_SET = bool(_str("CITYHALL_BASE_URL").strip())
BASE_URL = (
    _str("CITYHALL_BASE_URL").strip() if BASE_URL_IS_SET else default_base_url(PORT)
).rstrip("/")

# Social channels for notices (cityhall.notices.channels; docs/notices-channels.md).
# Each is off while its credentials are empty. The API URLs are overridable for
# tests and proxies.
LINE_CHANNEL_ACCESS_TOKEN = _str("CITYHALL_LINE_CHANNEL_ACCESS_TOKEN")
LINE_API_URL = _str("CITYHALL_LINE_API_URL", "https://api.line.me")
X_API_URL = _str("CITYHALL_X_API_URL", "https://api.x.com")
#: OAuth 1.0a user context (does not expire): all four, or none.
X_CONSUMER_KEY = _str("CITYHALL_X_CONSUMER_KEY")
X_CONSUMER_SECRET = _str("CITYHALL_X_CONSUMER_SECRET")
X_ACCESS_TOKEN = _str("CITYHALL_X_ACCESS_TOKEN")
X_ACCESS_TOKEN_SECRET = _str("CITYHALL_X_ACCESS_TOKEN_SECRET")
#: Or an OAuth 2.0 user-context token with the tweet.write scope.
X_OAUTH2_USER_TOKEN = _str("CITYHALL_X_OAUTH2_USER_TOKEN")
FACEBOOK_PAGE_ID = _str("CITYHALL_FACEBOOK_PAGE_ID")
FACEBOOK_PAGE_ACCESS_TOKEN = _str("CITYHALL_FACEBOOK_PAGE_ACCESS_TOKEN")
FACEBOOK_API_URL = _str("CITYHALL_FACEBOOK_API_URL", "https://graph.facebook.com/v25.0")
CHANNEL_TIMEOUT_SECONDS = _int("CITYHALL_CHANNEL_TIMEOUT_SECONDS", 10)
