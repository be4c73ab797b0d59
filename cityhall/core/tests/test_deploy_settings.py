"""Production settings pass Django's deployment checklist and refuse to run
without their secrets."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "CITYHALL_ENVIRONMENT": "production",
    "CITYHALL_SECRET_KEY": secrets.token_urlsafe(64),
    "CITYHALL_ALLOWED_HOSTS": "city.example.jp",
    "CITYHALL_BASE_URL": "https://city.example.jp",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CITYHALL_")}
    clean["CITYHALL_DATA_DIR"] = os.environ.get(
        "CITYHALL_DATA_DIR", str(settings.DATA_DIR)
    )
    if "CITYHALL_DATABASE_URL" in os.environ:
        clean["CITYHALL_DATABASE_URL"] = os.environ["CITYHALL_DATABASE_URL"]
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    """`manage.py check --deploy` reports nothing, not even a warning."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    """A missing CITYHALL_SECRET_KEY is an error, not a silently generated key."""
    env = {**PRODUCTION_ENV, "CITYHALL_SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "CITYHALL_SECRET_KEY" in result.stderr
