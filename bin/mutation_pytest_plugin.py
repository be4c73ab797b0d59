"""pytest plugin loaded by bin/mutation only: settings that make each of the
hundreds of mutant runs cheaper without changing what the tests check."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Sign-in tests hash passwords; the production hasher's work factor is
    the slowest part of a mutant run and is not what mutants change."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class _ExistingTestDatabase:
    """Use the test database that bin/mutation migrated before the run.

    Even with ``--reuse-db`` every pytest session runs ``migrate`` (a few
    seconds with Wagtail's migrations), and mutmut starts one session per
    mutant. Each test still runs inside a transaction that is rolled back.
    """

    @pytest.fixture(scope="session")
    @classmethod
    def django_db_setup(cls, django_db_blocker):
        from django.db import connections

        with django_db_blocker.unblock():
            for connection in connections.all():
                name = connection.creation._get_test_db_name()
                connection.close()
                connection.settings_dict["NAME"] = name
        yield


def pytest_configure(config):
    # Registered last, so its django_db_setup replaces pytest-django's. Only on
    # PostgreSQL: SQLite's test database lives in memory and must be created.
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        config.pluginmanager.register(_ExistingTestDatabase(), "mutation-test-db")
