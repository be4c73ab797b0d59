"""Django settings for Cityhall.

All outside configuration arrives through :mod:`config.env`; nothing here reads the
environment itself. ``CITYHALL_ENVIRONMENT=production`` switches on HTTPS-only
cookies, HSTS and the other ``check --deploy`` requirements.
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from config import env

BASE_DIR = env.BASE_DIR
DATA_DIR = env.DATA_DIR
DEBUG = env.DEBUG


def _secret_key() -> str:
    if env.SECRET_KEY:
        return env.SECRET_KEY
    if env.IS_PRODUCTION:
        raise ImproperlyConfigured("CITYHALL_SECRET_KEY must be set in production.")
    # Embedded default: one random key per data directory, kept across restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    "cityhall.common",
    "cityhall.core",
    "cityhall.website",
    "cityhall.notices",
    "cityhall.payments",
    "cityhall.procedures",
    "cityhall.reservations",
    "cityhall.eforms",
    "cityhall.opendata",
    "cityhall.gis",
    "cityhall.api",
    "cityhall.demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cityhall.common.security_headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cityhall.website.page_cache.AnonymousPageCacheMiddleware",
    "cityhall.website.furigana_display.FuriganaDisplayMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cityhall.common.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cityhall.core.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cityhall.website.routing.PageRouteMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cityhall.website.context_processors.site_chrome",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
if env.DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            env.DATABASE_URL, conn_max_age=env.DATABASE_CONN_MAX_AGE
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "cityhall.sqlite3",
            # Opening the file costs more than most requests (the schema of a few
            # hundred tables and indexes is read again on every new connection).
            "CONN_MAX_AGE": env.DATABASE_CONN_MAX_AGE,
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE
                # transactions avoid "database is locked" upgrades mid-transaction.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
# "default" is shared by every process (rate limits, page-cache generation);
# "pages" holds rendered anonymous pages and may be per process.
if env.REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.REDIS_URL,
            "KEY_PREFIX": "cityhall",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.REDIS_URL,
            "KEY_PREFIX": "cityhall-pages",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cityhall_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cityhall-pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
PAGE_CACHE_SECONDS = env.PAGE_CACHE_SECONDS

# --- Accounts and security ------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "staff_auth:login"
OTP_TOTP_ISSUER = "Cityhall"
# Proxies in front of the app that append to X-Forwarded-For (login throttle).
CITYHALL_TRUSTED_PROXY_COUNT = env.TRUSTED_PROXY_COUNT
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Public pages: own-origin resources only, no inline script. Images may also come
# from the media bucket (https:). Inline style is allowed for the 500 page and
# print-only rules; scripts are what the policy is for.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES = ["/admin/", "/documents/"]
# Browser features no page of ours uses: denied to our pages and their embeds.
# Not listed, so left to the browser's defaults: fullscreen, autoplay,
# picture-in-picture, encrypted-media and clipboard, which embedded videos and
# Wagtail's editor use. Add an origin here when a page comes to need a feature
# (e.g. "payment": ["self", "https://pay.example"] for card wallets).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if env.IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Request bodies (cityhall.common.request_limits): ordinary forms get the small
# default; routes that take uploads declare a larger limit by path prefix (a
# language prefix such as /en/ is ignored when matching). An app with an upload
# route adds its prefix here. The reverse proxy's limit must be at least the
# largest of these (docs/operations.md).
CITYHALL_REQUEST_BODY_MAX_BYTES = env.MAX_REQUEST_BODY_KB * 1024
# An upload route takes one file of up to CITYHALL_MAX_UPLOAD_MB plus the form's
# other fields and the multipart framing.
CITYHALL_UPLOAD_BODY_MAX_BYTES = (
    env.MAX_UPLOAD_MB * 1024 * 1024 + CITYHALL_REQUEST_BODY_MAX_BYTES
)
CITYHALL_REQUEST_BODY_LIMITS = {
    "/admin/documents/": CITYHALL_UPLOAD_BODY_MAX_BYTES,
    "/admin/images/": CITYHALL_UPLOAD_BODY_MAX_BYTES,
    "/admin/account/": CITYHALL_UPLOAD_BODY_MAX_BYTES,  # a staff member's avatar
    # Bank files (Zengin, convenience-store reports) and invoice CSV imports.
    "/admin/payments/imports/": CITYHALL_UPLOAD_BODY_MAX_BYTES,
    "/admin/payments/invoices/import/": CITYHALL_UPLOAD_BODY_MAX_BYTES,
    "/admin/opendata/": CITYHALL_UPLOAD_BODY_MAX_BYTES,  # open-data resource uploads
    "/facilities/book/": CITYHALL_UPLOAD_BODY_MAX_BYTES,  # evidence of a 減免
    "/apply/drafts/": CITYHALL_UPLOAD_BODY_MAX_BYTES,  # files attached to applications
}
DATA_UPLOAD_MAX_MEMORY_SIZE = CITYHALL_REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Languages and time ---------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [
    ("ja", "日本語"),
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ko", "한국어"),
    ("vi", "Tiếng Việt"),
    ("tl", "Tagalog"),
    ("pt-br", "Português (Brasil)"),
]
# Django ships no language information for Tagalog; add it so that
# get_language_info() and the language switcher know its names.
LANG_INFO.setdefault(
    "tl", {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"}
)
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "cityhall_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if env.S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.S3_BUCKET,
            "endpoint_url": env.S3_ENDPOINT_URL or None,
            "access_key": env.S3_ACCESS_KEY_ID or None,
            "secret_key": env.S3_SECRET_ACCESS_KEY or None,
            "region_name": env.S3_REGION or None,
            "default_acl": None,
            "querystring_auth": True,
        },
    }

# --- E-mail -----------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.EMAIL_FROM
SERVER_EMAIL = env.EMAIL_FROM
# Absolute links in mails that workers send (no request to take the host from).
# Embedded, it follows PORT; in production it must be said.
if env.IS_PRODUCTION and not env.BASE_URL_IS_SET:
    raise ImproperlyConfigured("CITYHALL_BASE_URL must be set in production.")
CITYHALL_BASE_URL = env.BASE_URL
if env.EMAIL_URL.startswith(("smtp://", "smtps://", "submission://")):
    _mail = urlparse(env.EMAIL_URL)
    _mail_options = parse_qs(_mail.query)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = _mail.scheme == "submission" or "tls" in _mail_options
    EMAIL_TIMEOUT = 20
elif env.EMAIL_URL == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    # Embedded default: each message is written as a file under var/mail/.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

# --- Background work --------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_HEARTBEAT_SECONDS = env.WORKER_HEARTBEAT_SECONDS

# --- Wagtail ----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Cityhall"
WAGTAILADMIN_BASE_URL = CITYHALL_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# Approvers (department heads) publish through the approval, not a permission.
WAGTAIL_FINISH_WORKFLOW_ACTION = (
    "cityhall.website.workflow_actions.publish_approved_workflow_state"
)
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.MAX_UPLOAD_MB * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cityhall.website.forms.CheckedDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.MAX_UPLOAD_MB * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_PASSWORD_RESET_ENABLED = False  # staff reset through the IT policy division
WAGTAILLOCALIZE_ENABLE_MACHINE_TRANSLATION = False
WAGTAILLOCALIZE_JOBS = {"BACKEND": "wagtail_localize.tasks.ImmediateBackend"}

# --- Logging ----------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

NINJA_PAGINATION_PER_PAGE = 20
SILENCED_SYSTEM_CHECKS: list[str] = []
ADMINS: list[tuple[str, str]] = []

# Shown in the site footer and on the accessibility page.
CITYHALL_VERSION = "0.1.0"

# Card payments (cityhall.payments.providers; docs/payments.md, "Card payments").
CITYHALL_PAYMENT_PROVIDER = env.PAYMENT_PROVIDER
# The sandbox marks invoices paid without money: never in production.
CITYHALL_PAYMENT_SANDBOX_ENABLED = not env.IS_PRODUCTION
CITYHALL_SANDBOX_WEBHOOK_SECRET = env.SANDBOX_WEBHOOK_SECRET
CITYHALL_STRIPE_SECRET_KEY = env.STRIPE_SECRET_KEY
CITYHALL_STRIPE_PUBLISHABLE_KEY = env.STRIPE_PUBLISHABLE_KEY
CITYHALL_STRIPE_WEBHOOK_SECRET = env.STRIPE_WEBHOOK_SECRET
CITYHALL_STRIPE_API_BASE = env.STRIPE_API_BASE
CITYHALL_STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.STRIPE_WEBHOOK_TOLERANCE_SECONDS

# Social channels for notices (cityhall.notices.channels; docs/notices-channels.md).
CITYHALL_LINE_CHANNEL_ACCESS_TOKEN = env.LINE_CHANNEL_ACCESS_TOKEN
CITYHALL_LINE_API_URL = env.LINE_API_URL
CITYHALL_X_API_URL = env.X_API_URL
CITYHALL_X_CONSUMER_KEY = env.X_CONSUMER_KEY
CITYHALL_X_CONSUMER_SECRET = env.X_CONSUMER_SECRET
CITYHALL_X_ACCESS_TOKEN = env.X_ACCESS_TOKEN
CITYHALL_X_ACCESS_TOKEN_SECRET = env.X_ACCESS_TOKEN_SECRET
CITYHALL_X_OAUTH2_USER_TOKEN = env.X_OAUTH2_USER_TOKEN
CITYHALL_FACEBOOK_PAGE_ID = env.FACEBOOK_PAGE_ID
CITYHALL_FACEBOOK_PAGE_ACCESS_TOKEN = env.FACEBOOK_PAGE_ACCESS_TOKEN
CITYHALL_FACEBOOK_API_URL = env.FACEBOOK_API_URL
CITYHALL_CHANNEL_TIMEOUT_SECONDS = env.CHANNEL_TIMEOUT_SECONDS
# --- Maps (cityhall.gis) -----------------------------------------------------------
# A tile server for /map/ (URL template with {z}/{x}/{y}) and its attribution;
# empty: the municipality's outline is the (offline) basemap. The tile server must
# be https: (CONTENT_SECURITY_POLICY's img-src).
CITYHALL_MAP_TILE_URL = env.MAP_TILE_URL
CITYHALL_MAP_TILE_ATTRIBUTION = env.MAP_TILE_ATTRIBUTION

# Open data (cityhall.opendata; docs/opendata.md).
CITYHALL_OPENDATA_DEMO_POPULATION_DATES = env.OPENDATA_DEMO_POPULATION_DATES
# Notice mail and the delivery engine (docs/notices-delivery.md).
CITYHALL_NOTICES_SMTP_URL = env.NOTICES_SMTP_URL or env.EMAIL_URL
CITYHALL_NOTICES_MAIL_FROM = env.NOTICES_MAIL_FROM or env.EMAIL_FROM
CITYHALL_NOTICES_SESSION_RECIPIENTS = env.NOTICES_SESSION_RECIPIENTS
CITYHALL_NOTICES_DOMAIN_CONCURRENCY = env.NOTICES_DOMAIN_CONCURRENCY
CITYHALL_NOTICES_DEFAULT_DOMAIN_CONCURRENCY = env.NOTICES_DEFAULT_DOMAIN_CONCURRENCY
CITYHALL_NOTICES_LEASE_SECONDS = env.NOTICES_LEASE_SECONDS
CITYHALL_NOTICES_MAX_ATTEMPTS = env.NOTICES_MAX_ATTEMPTS
CITYHALL_NOTICES_RETRY_BASE_SECONDS = env.NOTICES_RETRY_BASE_SECONDS
CITYHALL_NOTICES_SOFT_BOUNCE_LIMIT = env.NOTICES_SOFT_BOUNCE_LIMIT
CITYHALL_NOTICES_BOUNCE_WEBHOOK_SECRET = env.NOTICES_BOUNCE_WEBHOOK_SECRET
CITYHALL_NOTICES_BOUNCE_MAILDIR = env.NOTICES_BOUNCE_MAILDIR
CITYHALL_MAIL_FORM_SOURCE_LIMIT = env.MAIL_FORM_SOURCE_LIMIT
CITYHALL_MAIL_FORM_ADDRESS_LIMIT = env.MAIL_FORM_ADDRESS_LIMIT
# Facility bookings (docs/reservations.md, "Rate limits" and "Calendar and
# reminders").
CITYHALL_BOOKING_ACCOUNT_LIMIT = env.BOOKING_ACCOUNT_LIMIT
CITYHALL_BOOKING_SOURCE_LIMIT = env.BOOKING_SOURCE_LIMIT
CITYHALL_BOOKING_RATE_WINDOW_SECONDS = env.BOOKING_RATE_WINDOW_SECONDS
CITYHALL_BOOKING_REMINDER_DAYS = env.BOOKING_REMINDER_DAYS
# Machine-translation drafts of notices (cityhall.notices.machine_translation;
# docs/notices.md, "Machine translation").
CITYHALL_MACHINE_TRANSLATION = env.MACHINE_TRANSLATION
CITYHALL_LIBRETRANSLATE_URL = env.LIBRETRANSLATE_URL
CITYHALL_LIBRETRANSLATE_API_KEY = env.LIBRETRANSLATE_API_KEY
CITYHALL_DEEPL_URL = env.DEEPL_URL
CITYHALL_DEEPL_API_KEY = env.DEEPL_API_KEY
CITYHALL_MACHINE_TRANSLATION_TIMEOUT_SECONDS = env.MACHINE_TRANSLATION_TIMEOUT_SECONDS
# wagtail-localize's "Machine translate" button in the translation editor uses
# the same engine (none: no button).
if CITYHALL_MACHINE_TRANSLATION in ("libretranslate", "deepl"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "cityhall.notices.machine_translation.backends.ConfiguredTranslator",
        "OPTIONS": {},
    }
