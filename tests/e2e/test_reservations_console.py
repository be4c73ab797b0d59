"""The reservations staff console as the demo facility clerk uses it: sign in
with TOTP, and axe on the bookings list, a booking's page, blackouts, city
events (both steps) and the utilisation chart."""

from __future__ import annotations

import re

import pytest
from test_payments_console import _current_totp

from cityhall.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

STAFF_EMAIL = "staff@demo.cityhall.jp"


def test_facility_clerk_screens_pass_axe(page, visit, assert_accessible, e2e_server):
    """Every console screen, reached from the list, passes axe."""
    visit(page, "/staff/login/")
    page.fill("main input[name='email']", STAFF_EMAIL)
    page.fill("main input[name='password']", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type='submit']")
    page.fill("main input[name='code']", _current_totp(e2e_server, STAFF_EMAIL))
    with page.expect_navigation():
        page.click("main button[type='submit']")
    page.wait_for_url(re.compile(r"/admin/$"))

    visit(page, "/admin/reservations/?date_from=2000-01-01&date_to=2000-03-01")
    visit(page, "/admin/reservations/")
    link = page.locator("main table.listing a[href*='/admin/reservations/bookings/']")
    assert link.count() >= 1
    with page.expect_navigation():
        link.first.click()
    assert_accessible(page)
    visit(page, "/admin/reservations/blackouts/")
    visit(page, "/admin/reservations/city-events/")
    page.select_option("#id_room", index=1)
    with page.expect_navigation():
        page.click("main form button[type='submit']")
    assert_accessible(page)
    assert page.locator("input[name='starts']").count() >= 1
    visit(page, "/admin/reservations/utilisation/")
    assert page.locator("svg[role='img'] rect").count() == 12
