"""The lottery (抽選) and groups (団体登録) by keyboard alone, with axe-core on
every page: register a group (and its error state), enter a wish in a
lottery, then — after the city draws and releases it — pay for the won slot
with the sandbox card and cancel it for the refund the policy allows. The
other languages get one axe-only visit of each page."""

from __future__ import annotations

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


def _shell(e2e_server, code: str) -> dict:
    output = e2e_server.manage("shell", "-c", code)
    return json.loads(output.strip().splitlines()[-1])


def _resident(e2e_server) -> str:
    email = f"e2e-lot-{uuid.uuid4().hex[:12]}@example.com"
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


#: A window ``DAYS_AHEAD`` days ahead (a month no other test uses: the flow
#: test draws its window, the language test needs one still open) for the
#: facility of the first room with the block scheme, and the index in the
#: date list of a Wednesday that is not a holiday.
WINDOW_SCRIPT = """
import datetime as dt, json
from django.utils import timezone
from cityhall.reservations.holidays import is_national_holiday
from cityhall.reservations.models import LotteryWindow, Room
from cityhall.reservations.services.lottery import window_create
room = Room.objects.filter(slot_scheme='blocks').select_related('facility').order_by(
    'facility__sort_order', 'sort_order').first()
today = timezone.localdate()
month = (today.replace(day=1) + dt.timedelta(days=DAYS_AHEAD)).replace(day=1)
window = LotteryWindow.objects.filter(facility=room.facility, month=month).first()
now = timezone.now()
if window is None:
    window = window_create(facility=room.facility, month=month,
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=1),
        confirm_by=now + dt.timedelta(days=5))
day = month.replace(day=8)
while day.weekday() != 2 or is_national_holiday(day):
    day += dt.timedelta(days=1)
print(json.dumps({'window': str(window.public_id), 'index': day.day - 1,
                  'room': str(room.public_id)}))
"""

DRAW_SCRIPT = """
import datetime as dt, json
from cityhall.reservations.models import LotteryWindow
from cityhall.reservations.services.lottery import window_draw, window_release
window = LotteryWindow.objects.get(public_id=WINDOW)
later = window.closes_at + dt.timedelta(seconds=1)
window_draw(window=window, now=later)
window = window_release(window=window, now=later)
print(json.dumps({'state': window.state}))
"""


def _sign_in(page, visit, tab_to, email: str, prefix: str = "/") -> None:
    visit(page, prefix + "accounts/login/")
    tab_to(page, "main input[name='email']")
    page.keyboard.type(email)
    tab_to(page, "main input[name='password']")
    page.keyboard.type(PASSWORD)
    _press_enter_and_wait(page)


def test_register_a_group_by_keyboard(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """My bookings → my groups → register: an empty form shows the error
    summary (focused); filled in, the group waits for staff approval."""
    _sign_in(page, visit, tab_to, _resident(e2e_server))
    visit(page, "/facilities/my-bookings/")
    tab_to(page, "main a[href='/facilities/my-groups/']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, "main a[href='/facilities/my-groups/new/']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)
    _wait_for_focus(page, "#error-summary")
    assert_accessible(page)
    tab_to(page, "#id_name")
    page.keyboard.type("本町ふれあい卓球クラブ")
    tab_to(page, "#id_representative_name")
    page.keyboard.type("那須 一葉")
    tab_to(page, "#id_address")
    page.keyboard.type("本町1-1")
    tab_to(page, "#id_phone")
    page.keyboard.type("0287-00-0000")
    tab_to(page, "#id_members")
    page.keyboard.type("大田 花子\n佐久山 太郎")
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert "本町ふれあい卓球クラブ" in page.locator("main").inner_text()


def test_lottery_win_pay_and_cancel_by_keyboard(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """Lotteries → the window (its seed hash shown) → a wish for a Wednesday
    → entered; the city draws and releases (the only entry wins) → my
    entries: Pay → sandbox card → the booking is confirmed → cancel: the
    full fee is refunded; the window now shows its seed."""
    ids = _shell(e2e_server, WINDOW_SCRIPT.replace("DAYS_AHEAD", "95"))
    _sign_in(page, visit, tab_to, _resident(e2e_server))
    visit(page, "/facilities/lottery/")
    tab_to(page, f"main a[href='/facilities/lottery/{ids['window']}/']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert len(page.locator("main code").first.inner_text()) == 64

    tab_to(page, "#id_date")
    for _ in range(ids["index"]):
        page.keyboard.press("ArrowDown")
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert page.locator("main [role='status'], .messages").count() >= 1

    assert (
        _shell(e2e_server, DRAW_SCRIPT.replace("WINDOW", repr(ids["window"])))["state"]
        == "released"
    )
    visit(page, "/facilities/my-lottery-entries/")
    tab_to(page, "main a[href^='/payments/invoices/']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, "#pay-by-card")
    _press_enter_and_wait(page)
    tab_to(page, "#id_card_number")
    page.keyboard.type("4242 4242 4242 4242")
    _press_enter_and_wait(page)
    assert page.get_attribute("#payment-outcome", "data-state") == "success"

    visit(page, "/facilities/my-bookings/")
    assert "確定" in page.locator("main tbody tr").first.inner_text()
    tab_to(page, "main a[href$='/cancel/']")
    _press_enter_and_wait(page)
    assert "100%" in page.locator("main").inner_text()
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert "返金" in page.locator("main tbody tr").first.inner_text()
    visit(page, f"/facilities/lottery/{ids['window']}/")
    assert page.locator("main code").count() == 2  # the hash and the seed


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_lottery_and_group_pages_in_other_languages(
    page, visit, tab_to, e2e_server, language
):
    """Lotteries, a window with its entry form, my entries, my groups and the
    group form pass axe in every other language, with the right lang."""
    prefix = OTHER_LANGUAGES[language]
    ids = _shell(e2e_server, WINDOW_SCRIPT.replace("DAYS_AHEAD", "125"))
    _sign_in(page, visit, tab_to, _resident(e2e_server), prefix)
    visit(page, f"{prefix}facilities/lottery/")
    assert page.locator("html").get_attribute("lang").lower() == language
    visit(page, f"{prefix}facilities/lottery/{ids['window']}/")
    assert page.locator("#id_date").count() == 1
    visit(page, f"{prefix}facilities/my-lottery-entries/")
    visit(page, f"{prefix}facilities/my-groups/")
    visit(page, f"{prefix}facilities/my-groups/new/")
