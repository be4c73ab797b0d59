"""Project-wide test setup."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_caches(settings):
    """Each test starts with empty caches (rate limits, page cache)."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-default",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-pages",
        },
    }
    from cityhall.website.page_cache import forget_process_memos

    for alias in ("default", "pages"):
        caches[alias].clear()
    forget_process_memos()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()
    forget_process_memos()


@pytest.fixture(autouse=True)
def _tmp_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, tests close the connection after each request (no persistent
    connections): the live server's request threads share the test database's
    connection, and one closing it after the live server has stopped raises
    "DatabaseWrapper objects created in a thread can only be used in that same
    thread" in a daemon thread. PostgreSQL keeps the configured value."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["CONN_MAX_AGE"] = 0
