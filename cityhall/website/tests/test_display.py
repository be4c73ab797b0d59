"""Display options: text size and contrast kept in a cookie, rendered on <html>."""

from __future__ import annotations

import pytest

from cityhall.website.display import DISPLAY_COOKIE_NAME
from cityhall.website.tests.factories import build_site

pytestmark = pytest.mark.django_db


def test_posting_options_sets_cookie_and_redirects_back(client):
    """A valid choice is stored in the cookie and the visitor returns to ``next``."""
    response = client.post(
        "/display/", {"size": "largest", "contrast": "high", "next": "/news/?page=2"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/news/?page=2"
    assert response.cookies[DISPLAY_COOKIE_NAME].value == "largest.high"


def test_foreign_next_url_is_replaced_by_home(client):
    """``next`` pointing to another site is not followed (no open redirect)."""
    response = client.post(
        "/display/",
        {"size": "large", "contrast": "normal", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_unknown_option_is_refused_and_changes_nothing(client):
    """A tampered value answers 400 and sets no cookie."""
    response = client.post("/display/", {"size": "huge", "contrast": "normal"})
    assert response.status_code == 400
    assert DISPLAY_COOKIE_NAME not in response.cookies


def test_get_is_not_allowed(client):
    """Only POST changes the options."""
    assert client.get("/display/").status_code == 405


def test_chosen_options_are_rendered_as_html_classes(client):
    """With the cookie set, the server renders the classes on <html> (no JS)."""
    build_site()
    client.cookies[DISPLAY_COOKIE_NAME] = "large.high"
    html = client.get("/").content.decode()
    assert '<html lang="ja" class="text-large contrast-high">' in html
    assert 'value="large" checked' in html


def test_garbage_cookie_falls_back_to_default_classes(client):
    """An unreadable cookie is ignored rather than echoed into the page."""
    build_site()
    client.cookies[DISPLAY_COOKIE_NAME] = '"><script>'
    html = client.get("/").content.decode()
    assert 'class="text-normal contrast-normal"' in html
