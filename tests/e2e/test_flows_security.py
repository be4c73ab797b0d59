"""Failed sign-ins as security staff see them: a wrong password typed in the
browser shows up on the CISO's "Failed sign-ins" console screen, which axe
checks (the table and its text are ours, the frame is Wagtail's)."""

from __future__ import annotations

import json
import re
import uuid
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PASSWORD = "Quiet-cedar-5823"
WRONG_PASSWORD = "Loud-maple-9911"


def _ciso_create(e2e_server) -> tuple[str, str]:
    """An enrolled CISO; returns (e-mail address, hex TOTP key)."""
    email = f"e2e-ciso-{uuid.uuid4().hex[:12]}@example.com"
    script = (
        "import json\n"
        "from django.utils import timezone\n"
        "from django_otp.oath import totp\n"
        "from cityhall.core.models import Role, User\n"
        "from cityhall.core.services.roles import role_assignment_create\n"
        "from cityhall.core.services.staff import (\n"
        "    staff_totp_device_confirm, staff_totp_device_start)\n"
        f"user = User.objects.create_user({email!r}, {PASSWORD!r}, "
        "first_name='E2E', last_name='CISO', email_verified_at=timezone.now())\n"
        "role_assignment_create(user=user, role=Role.CISO, "
        "department=None, valid_from=timezone.localdate(), assigned_by=None)\n"
        "device = staff_totp_device_start(user=user)\n"
        "code = str(totp(device.bin_key, step=device.step, t0=device.t0, "
        "digits=device.digits)).zfill(device.digits)\n"
        "staff_totp_device_confirm(user=user, device=device, code=code)\n"
        "print(json.dumps({'key': device.bin_key.hex()}))\n"
    )
    output = json.loads(e2e_server.manage("shell", "-c", script).splitlines()[-1])
    return email, output["key"]


def _sign_in(page, visit, email: str, password: str) -> None:
    visit(page, "/staff/login/")
    page.fill("main input[name='email']", email)
    page.fill("main input[name='password']", password)
    with page.expect_navigation():
        page.click("main button[type='submit']")


def test_ciso_sees_a_wrong_password_on_the_failed_sign_ins_screen(
    page, visit, assert_accessible, e2e_server
):
    """A guessed password for a real account is listed with its kind; the
    guessed password itself appears nowhere on the screen."""
    from django_otp.oath import totp

    email, key = _ciso_create(e2e_server)
    target = f"e2e-target-{uuid.uuid4().hex[:8]}@example.com"
    _sign_in(page, visit, target, WRONG_PASSWORD)
    assert urlsplit(page.url).path == "/staff/login/"

    _sign_in(page, visit, email, PASSWORD)
    assert urlsplit(page.url).path == "/staff/login/verify/"
    # The enrolment used this time step's code, which is never accepted twice;
    # the next step's is (one step of tolerance), as a phone would show it soon.
    page.fill("main input[name='code']", f"{totp(bytes.fromhex(key), drift=1):06d}")
    with page.expect_navigation():
        page.click("main button[type='submit']")
    page.wait_for_url(re.compile(r"/admin/$"))

    response = page.goto("/admin/sign-in-failures/")
    assert response is not None and response.status == 200
    assert_accessible(page)
    row = page.locator("table.listing tbody tr", has_text=target)
    assert row.count() == 1
    assert row.locator("td").nth(2).inner_text().strip() == "127.0.0.1"
    assert WRONG_PASSWORD not in page.content()
