"""Keyboard-only flows (no mouse, no clicks): skip link, site search, display
options, staff sign-in with TOTP, resident sign-in. axe runs on every page."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from cityhall.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

STAFF_EMAIL = "editor@demo.cityhall.jp"
RESIDENT_EMAIL = "resident@demo.cityhall.jp"


def test_skip_link_is_first_and_moves_focus_to_main(page, visit, focused_matches):
    """The first Tab lands on the skip link; Enter moves focus to <main>."""
    visit(page, "/")
    page.keyboard.press("Tab")
    assert focused_matches(page, "a.skip-link[href='#main']")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'main'"
    )
    assert focused_matches(page, "main#main")


def test_site_search_by_keyboard(page, visit, assert_accessible, tab_to):
    """Tab to the search box, type a query, press Enter: the results page lists
    the matching article."""
    visit(page, "/")
    tab_to(page, "#site-search-q")
    page.keyboard.type("住民票")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?"))
    assert "住民票" in unquote(page.url)
    assert_accessible(page)
    assert page.locator("main a[href$='/kurashi/juminhyo/']").count() >= 1


def test_display_options_by_keyboard_persist(page, visit, assert_accessible, tab_to):
    """Open the display options, choose large text and high contrast with the
    arrow keys, apply with Enter: the next page keeps both settings."""
    visit(page, "/")
    tab_to(page, "details.display-options > summary")
    page.keyboard.press("Enter")
    # Tab enters each radio group on its checked option; the arrow keys move
    # the choice to the next option (normal → large, normal → high).
    tab_to(page, "input[name='size']:checked")
    page.keyboard.press("ArrowDown")
    tab_to(page, "input[name='contrast']:checked")
    page.keyboard.press("ArrowDown")
    tab_to(page, "details.display-options button[type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    html_class = page.get_attribute("html", "class") or ""
    assert "text-large" in html_class.split()
    assert "contrast-high" in html_class.split()
    assert_accessible(page)

    visit(page, "/bosai/")
    html_class = page.get_attribute("html", "class") or ""
    assert {"text-large", "contrast-high"} <= set(html_class.split())


def _current_totp(e2e_server, email: str) -> str:
    """The current code of the demo user's TOTP device, computed here from the
    device key read out of the e2e database."""
    from django_otp.oath import totp

    output = e2e_server.manage(
        "shell",
        "-c",
        "from django_otp.plugins.otp_totp.models import TOTPDevice; "
        f"d = TOTPDevice.objects.get(user__email={email!r}, confirmed=True); "
        "print(d.key, d.step, d.t0, d.digits, d.drift)",
    )
    key, step, t0, digits, drift = output.split()[-5:]
    code = totp(
        bytes.fromhex(key),
        step=int(step),
        t0=int(t0),
        digits=int(digits),
        drift=int(drift),
    )
    return str(code).zfill(int(digits))


def test_staff_sign_in_by_keyboard_with_totp(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """A staff member reaches /admin/ using only the keyboard: e-mail and
    password, then the six-digit code from their authenticator."""
    visit(page, "/staff/login/")
    tab_to(page, "input[name='email']")
    page.keyboard.type(STAFF_EMAIL)
    tab_to(page, "input[name='password']")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    tab_to(page, "input[name='code']")
    page.keyboard.type(_current_totp(e2e_server, STAFF_EMAIL))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/"))
    # The Wagtail admin itself is Wagtail's markup, tested upstream; our check
    # is that the second factor let the staff member in.
    assert page.locator("main, #main").count() >= 1


def test_resident_sign_in_by_keyboard_shows_profile(
    page, visit, assert_accessible, tab_to
):
    """The demo resident signs in with the keyboard and sees their own profile."""
    visit(page, "/accounts/login/")
    tab_to(page, "input[name='email']")
    page.keyboard.type(RESIDENT_EMAIL)
    tab_to(page, "input[name='password']")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/profile/"))
    assert_accessible(page)
    assert RESIDENT_EMAIL in page.locator("main").inner_text()
    # The profile is an editable form: their own data is in its fields.
    assert page.locator("main input[name='family_name']").input_value() == "大田原"
    assert page.locator("main input[name='given_name']").input_value() == "さくら"
