"""The resident's booking flow by keyboard alone (Tab, Enter, typing; no
clicks), with axe-core on every page: the facility list, a facility, a room's
month calendar, confirming a slot (and its error state), paying with the
sandbox card, the confirmed booking, cancelling it with the refund the policy
allows. The other languages get one axe-only visit of each resident page."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PASSWORD = "Lantern-harbor-7391"
OTHER_LANGUAGES = {
    code: f"/{code}/" for code in ("en", "zh-hans", "ko", "vi", "tl", "pt-br")
}


def _press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _wait_for_focus(page, selector: str) -> None:
    page.wait_for_function(
        "s => !!document.activeElement && document.activeElement.matches(s)",
        arg=selector,
    )


def _resident(e2e_server) -> str:
    """A verified resident living in the demo city, made directly in the e2e
    database; their e-mail."""
    email = f"e2e-book-{uuid.uuid4().hex[:12]}@example.com"
    e2e_server.manage(
        "shell",
        "-c",
        "from django.utils import timezone\n"
        "from cityhall.core.models import Municipality, ResidentProfile, User\n"
        "m = Municipality.objects.order_by('pk').first()\n"
        f"user = User.objects.create_user({email!r}, {PASSWORD!r}, "
        "email_verified_at=timezone.now())\n"
        "ResidentProfile.objects.create(user=user, family_name='那須', "
        "given_name='一葉', family_name_kana='なす', given_name_kana='かずは', "
        "postal_code='324-8641', address=m.prefecture + m.name + '本町1-1', "
        "phone='', preferred_language='ja')\n",
    )
    return email


def _first_room(e2e_server) -> dict:
    output = e2e_server.manage(
        "shell",
        "-c",
        "import json\n"
        "from cityhall.reservations.models import Room\n"
        "room = Room.objects.filter(slot_scheme='blocks').select_related("
        "'facility').order_by('facility__sort_order', 'sort_order').first()\n"
        "print(json.dumps({'room': str(room.public_id), "
        "'facility': str(room.facility.public_id)}))\n",
    )
    return json.loads(output.strip().splitlines()[-1])


def _sign_in(page, visit, tab_to, email: str, prefix: str = "/") -> None:
    visit(page, prefix + "accounts/login/")
    tab_to(page, "main input[name='email']")
    page.keyboard.type(email)
    tab_to(page, "main input[name='password']")
    page.keyboard.type(PASSWORD)
    _press_enter_and_wait(page)


def _month_after_next() -> str:
    today = dt.date.today()
    month = today.month + 2
    return f"{today.year + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}"


def test_book_pay_and_cancel_by_keyboard(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """Japanese, keyboard only: facilities → facility → calendar two months
    ahead → Book → attendees over capacity (error summary, focus) → fixed →
    invoice → sandbox card → paid; my bookings shows it confirmed → cancel
    (the full fee is refunded, more than seven days ahead)."""
    ids = _first_room(e2e_server)
    _sign_in(page, visit, tab_to, _resident(e2e_server))
    visit(page, "/facilities/")
    tab_to(page, f"main a[href='/facilities/{ids['facility']}/']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, f"main a[href='/facilities/rooms/{ids['room']}/']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    visit(page, f"/facilities/rooms/{ids['room']}/?month={_month_after_next()}")
    tab_to(page, "main a[href^='/facilities/book/?slot=']")
    _press_enter_and_wait(page)
    assert_accessible(page)

    tab_to(page, "#id_attendees")
    page.keyboard.type("9999")
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)
    _wait_for_focus(page, "#error-summary")
    assert_accessible(page)
    tab_to(page, "#id_attendees")
    page.keyboard.press("Control+A")
    page.keyboard.type("12")
    tab_to(page, "#id_purpose")
    page.keyboard.type("自治会の会議")
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)

    assert "/payments/invoices/" in page.url
    assert_accessible(page)
    tab_to(page, "#pay-by-card")
    _press_enter_and_wait(page)
    tab_to(page, "#id_card_number")
    page.keyboard.type("4242 4242 4242 4242")
    _press_enter_and_wait(page)
    assert page.get_attribute("#payment-outcome", "data-state") == "success"

    visit(page, "/facilities/my-bookings/")
    row = page.locator("main tbody tr").first
    assert "確定" in row.inner_text() or "本予約" in row.inner_text()
    tab_to(page, "main a[href$='/cancel/']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert "100%" in page.locator("main").inner_text()
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert "/facilities/my-bookings/" in page.url
    assert "返金" in page.locator("main tbody tr").first.inner_text()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_booking_pages_in_other_languages(page, visit, tab_to, e2e_server, language):
    """Facility list, facility, calendar, the confirmation page and my
    bookings pass axe in every other language, with the right lang."""
    prefix = OTHER_LANGUAGES[language]
    ids = _first_room(e2e_server)
    _sign_in(page, visit, tab_to, _resident(e2e_server), prefix)
    visit(page, f"{prefix}facilities/")
    assert page.locator("html").get_attribute("lang").lower() == language
    visit(page, f"{prefix}facilities/{ids['facility']}/")
    visit(page, f"{prefix}facilities/rooms/{ids['room']}/?month={_month_after_next()}")
    link = page.locator("main a[href*='/facilities/book/?slot=']").first
    visit(page, link.get_attribute("href"))
    assert page.locator("#id_attendees").count() == 1
    visit(page, f"{prefix}facilities/my-bookings/")
