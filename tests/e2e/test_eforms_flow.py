"""The demo application 粗大ごみ収集の申込 in a real browser, with axe-core on
every page: start, a page with errors (error summary first), the address
filled from its postal code without JavaScript, the branch that skips the
collection page, check your answers, the confirmation, the resident's list."""

from __future__ import annotations

import uuid

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PASSWORD = "Lantern-harbor-7391"


def _resident(e2e_server) -> str:
    email = f"e2e-eforms-{uuid.uuid4().hex[:12]}@example.com"
    e2e_server.manage(
        "shell",
        "-c",
        "from django.utils import timezone\n"
        "from cityhall.core.models import User\n"
        f"User.objects.create_user({email!r}, {PASSWORD!r}, "
        "email_verified_at=timezone.now())\n",
    )
    return email


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_bulky_waste_application(page, visit, assert_accessible, e2e_server):
    """A resident applies to bring items themselves and gets a reference."""
    email = _resident(e2e_server)
    visit(page, "/accounts/login/")
    page.fill("main input[name='email']", email)
    page.fill("main input[name='password']", PASSWORD)
    _submit(page, "main form button[type='submit']")
    visit(page, "/apply/sodai-gomi/")
    _submit(page, "main form button[type='submit']")
    assert "/apply/drafts/" in page.url
    assert_accessible(page)
    _submit(page, "main button[name='continue']")
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page)
    page.fill("#id_address__postal_code", "3248641")
    _submit(page, "main button[name='find_address']")
    assert page.input_value("#id_address__city") == "大田原市"
    assert_accessible(page)
    page.fill("#id_name__family", "大田原")
    page.fill("#id_name__given", "花子")
    page.fill("#id_name__family_kana", "おおたわら")
    page.fill("#id_name__given_kana", "はなこ")
    page.fill("#id_address__town", "本町1-4-1")
    page.fill("#id_phone", "0287-23-1111")
    _submit(page, "main button[name='continue']")
    page.check("#id_method_1")  # bring the items to the clean centre
    _submit(page, "main button[name='continue']")
    assert page.url.endswith("/items/")
    assert_accessible(page)
    page.check("#id_items_2")
    page.fill("#id_count", "1")
    page.check("#id_consent")
    _submit(page, "main button[name='continue']")
    assert page.url.endswith("/check/")
    assert_accessible(page)
    assert "大田原市" in page.locator("main").inner_text()
    _submit(page, "main form button[type='submit']")
    assert "/done/" in page.url
    assert_accessible(page)
    reference = page.locator("main .reference").inner_text()
    assert reference.startswith("EF")
    visit(page, "/apply/mine/")
    assert reference in page.locator("main").inner_text()
