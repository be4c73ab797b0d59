"""Staff second factor by keyboard alone: enrolment of an authenticator app
(QR code and setup key), the recovery codes page, signing in with a recovery
code and the refusal of a code that was already used. axe runs on every page of
ours; the Wagtail admin itself is Wagtail's markup and is only reached."""

from __future__ import annotations

import json
import re
import uuid
from base64 import b32decode
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PASSWORD = "Quiet-cedar-5823"
#: The alphabet of recovery codes (cityhall.core.services.staff).
RECOVERY_CODE = re.compile(r"^[a-hjkmnp-z2-9]{10}$")


def _staff_create(e2e_server, *, enrol: bool) -> tuple[str, list[str]]:
    """A general staff member (role assigned through the roles service) with no
    authenticator; with ``enrol`` the staff services enrol one and the recovery
    codes they issue are returned. Returns (e-mail address, recovery codes)."""
    email = f"e2e-staff-{uuid.uuid4().hex[:12]}@example.com"
    script = (
        "import json\n"
        "from django.utils import timezone\n"
        "from cityhall.core.models import Role, User\n"
        "from cityhall.core.services.roles import role_assignment_create\n"
        f"user = User.objects.create_user({email!r}, {PASSWORD!r}, "
        "first_name='E2E', last_name='Staff', email_verified_at=timezone.now())\n"
        "role_assignment_create(user=user, role=Role.GENERAL_STAFF, "
        "department=None, valid_from=timezone.localdate(), assigned_by=None)\n"
        "codes = []\n"
    )
    if enrol:
        script += (
            "from django_otp.oath import totp\n"
            "from cityhall.core.services.staff import (\n"
            "    staff_totp_device_confirm, staff_totp_device_start)\n"
            "device = staff_totp_device_start(user=user)\n"
            "code = str(totp(device.bin_key, step=device.step, t0=device.t0, "
            "digits=device.digits)).zfill(device.digits)\n"
            "codes = staff_totp_device_confirm(user=user, device=device, code=code)\n"
        )
    script += "print(json.dumps({'is_staff': user.is_staff, 'codes': codes}))\n"
    output = json.loads(e2e_server.manage("shell", "-c", script).splitlines()[-1])
    assert output["is_staff"]
    return email, output["codes"]


def _totp_from_setup_page(page) -> str:
    """The current code for the setup key the enrolment page shows as text, as
    an authenticator app would compute it (period and digits from the
    otpauth:// link, RFC 6238 defaults otherwise)."""
    from django_otp.oath import totp

    secret = re.sub(r"\s+", "", page.locator(".otp-secret code").inner_text())
    key = b32decode(secret + "=" * (-len(secret) % 8))
    otpauth = page.locator("main a[href^='otpauth://']").get_attribute("href")
    query = parse_qs(urlsplit(otpauth).query)
    assert query["secret"] == [secret]
    digits = int(query.get("digits", ["6"])[0])
    step = int(query.get("period", ["30"])[0])
    return str(totp(key, step=step, digits=digits)).zfill(digits)


def _press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _sign_in_with_password(page, visit, tab_to, email: str) -> None:
    visit(page, "/staff/login/")
    tab_to(page, "main input[name='email']")
    page.keyboard.type(email)
    tab_to(page, "main input[name='password']")
    page.keyboard.type(PASSWORD)
    _press_enter_and_wait(page)


def _enter_code(page, tab_to, code: str) -> None:
    tab_to(page, "main input[name='code']")
    page.keyboard.type(code)
    _press_enter_and_wait(page)


def _sign_out_of_admin(page, tab_to) -> None:
    """Wagtail's account menu in the sidebar: open it, press "Log out"."""
    tab_to(page, "button.sidebar-footer__account")
    page.keyboard.press("Enter")
    tab_to(page, "form[action$='/admin/logout/'] button[type='submit']")
    _press_enter_and_wait(page)


def test_staff_enrols_authenticator_by_keyboard(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """A staff member without a second factor is sent to enrolment after the
    password; the setup key shown as text yields a code that confirms the app;
    ten recovery codes are shown once; continuing opens the staff console."""
    email, _codes = _staff_create(e2e_server, enrol=False)
    _sign_in_with_password(page, visit, tab_to, email)

    assert urlsplit(page.url).path == "/staff/otp/setup/"
    assert_accessible(page)
    # The QR code is drawn, hidden from screen readers, and has a caption.
    assert page.locator("figure.otp-qr svg[aria-hidden='true']").count() == 1
    assert page.locator("figure.otp-qr figcaption").inner_text().strip()

    _enter_code(page, tab_to, _totp_from_setup_page(page))

    assert urlsplit(page.url).path == "/staff/otp/recovery-codes/"
    assert_accessible(page)
    codes = [
        text.strip() for text in page.locator("#recovery-codes code").all_inner_texts()
    ]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(RECOVERY_CODE.match(code) for code in codes), codes

    tab_to(page, "main a[href='/admin/']")
    _press_enter_and_wait(page)
    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.locator("main, #main").count() >= 1


def test_staff_recovery_code_signs_in_once(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """A recovery code instead of the app's code opens the staff console; after
    signing out, the same code is refused with an accessible error."""
    email, codes = _staff_create(e2e_server, enrol=True)
    code = codes[0]

    _sign_in_with_password(page, visit, tab_to, email)
    assert urlsplit(page.url).path == "/staff/login/verify/"
    assert_accessible(page)
    _enter_code(page, tab_to, code)
    page.wait_for_url(re.compile(r"/admin/$"))

    _sign_out_of_admin(page, tab_to)
    assert urlsplit(page.url).path == "/staff/login/"
    assert_accessible(page)

    _sign_in_with_password(page, visit, tab_to, email)
    assert urlsplit(page.url).path == "/staff/login/verify/"
    _enter_code(page, tab_to, code)
    assert urlsplit(page.url).path == "/staff/login/verify/"
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert_accessible(page)
    assert page.locator("#error-summary a").get_attribute("href") == "#id_code"
    assert page.locator("#id_code").get_attribute("aria-invalid") == "true"
    # Still outside the console.
    response = page.goto("/admin/")
    assert response is not None
    assert urlsplit(page.url).path != "/admin/"
