"""pytest plugin loaded by bin/mutation only: settings that make each of the
hundreds of mutant runs cheaper without changing what the tests check."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Sign-in tests hash passwords; the production hasher's work factor is
    the slowest part of a mutant run and is not what mutants change."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
