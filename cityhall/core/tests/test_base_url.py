"""Every absolute link starts with CITYHALL_BASE_URL, whose embedded default
follows PORT; Wagtail's page links come from the site, which is kept equal."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from wagtail.models import Page, Site

from cityhall.core.management.commands import serve
from cityhall.core.services.site_address import (
    default_site_address_set,
    site_address_from_base_url,
)

_PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CITYHALL_BASE_URL); print(settings.WAGTAILADMIN_BASE_URL)"
)


def _settings_in_process(**environ: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CITYHALL_") and key != "PORT"
    }
    clean["CITYHALL_DATA_DIR"] = str(settings.DATA_DIR)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-c", _PRINT_SETTINGS],
        cwd=settings.BASE_DIR,
        env={**clean, **environ},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_embedded_base_url_follows_port():
    """`PORT=8765 make run`: mails link to port 8765, for Wagtail's too."""
    result = _settings_in_process(PORT="8765")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:8765"] * 2


def test_explicit_base_url_wins_and_loses_its_trailing_slash():
    """A configured base URL is used as given (without a trailing slash)."""
    result = _settings_in_process(
        PORT="8765", CITYHALL_BASE_URL="https://www.city.example.jp/"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://www.city.example.jp"] * 2


def test_production_requires_a_base_url():
    """In production a missing base URL is an error, not links to 127.0.0.1."""
    result = _settings_in_process(
        CITYHALL_ENVIRONMENT="production", CITYHALL_SECRET_KEY="x" * 64
    )
    assert result.returncode != 0
    assert "CITYHALL_BASE_URL must be set" in result.stderr


def test_serve_base_url_follows_the_port_option(monkeypatch):
    """`manage.py serve --port 8765` without a base URL links to 8765; a set
    base URL is kept."""
    monkeypatch.setattr(serve.env, "BASE_URL_IS_SET", False)
    assert serve.serve_base_url(8765) == "http://127.0.0.1:8765"
    monkeypatch.setattr(serve.env, "BASE_URL_IS_SET", True)
    assert serve.serve_base_url(8765) == settings.CITYHALL_BASE_URL


@pytest.mark.parametrize(
    ("base_url", "address"),
    [
        ("http://127.0.0.1:8765", ("127.0.0.1", 8765)),
        ("https://www.city.example.jp", ("www.city.example.jp", 443)),
        ("http://city.example.jp/", ("city.example.jp", 80)),
    ],
)
def test_site_address_from_base_url(base_url, address):
    """Host name and port as Wagtail's Site stores them."""
    assert site_address_from_base_url(base_url) == address


def test_site_address_refuses_other_schemes():
    """A base URL that is not http(s) is a configuration error."""
    with pytest.raises(ValueError, match="ftp://"):
        site_address_from_base_url("ftp://city.example.jp")


@pytest.mark.django_db
def test_page_links_in_wagtail_mails_follow_the_base_url():
    """After the site is aligned, page.full_url (what Wagtail's moderation mails
    print) starts with the base URL instead of http://localhost."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="Home", slug="home-base-url"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )
    child = home.add_child(instance=Page(title="Notice", slug="notice"))
    assert child.full_url.startswith("http://localhost/")
    default_site_address_set(base_url="http://127.0.0.1:8765")
    child = Page.objects.get(pk=child.pk)
    assert child.full_url == "http://127.0.0.1:8765/notice/"


@pytest.mark.django_db
def test_site_address_without_a_site_changes_nothing():
    """Before the seed there is no default site; the service is a no-op."""
    Site.objects.all().delete()
    assert default_site_address_set(base_url="http://127.0.0.1:8765") is None
    assert not Site.objects.exists()


@pytest.mark.django_db
def test_site_address_set_command(settings):
    """The production step: the command writes the configured base URL."""
    from io import StringIO

    from django.core.management import call_command

    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="Home", slug="home-command"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )
    settings.CITYHALL_BASE_URL = "https://www.city.example.jp"
    out = StringIO()
    call_command("site_address_set", stdout=out)
    assert "https://www.city.example.jp" in out.getvalue()
    assert Site.objects.get().root_url == "https://www.city.example.jp"
