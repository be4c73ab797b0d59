"""The procedure guide and its 手続きナビ by keyboard alone, with axe-core on
every page: the guide, the questionnaire and its error state, the checklist
(also as printed), and keeping it in a resident's account. The other
languages get one axe-only visit of the questionnaire with an answer."""

from __future__ import annotations

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
    """A verified resident made directly in the e2e database; their e-mail."""
    email = f"e2e-navi-{uuid.uuid4().hex[:12]}@example.com"
    e2e_server.manage(
        "shell",
        "-c",
        "from django.utils import timezone\n"
        "from cityhall.core.models import User\n"
        f"User.objects.create_user({email!r}, {PASSWORD!r}, "
        "email_verified_at=timezone.now())\n",
    )
    return email


def test_navi_by_keyboard_and_printed_checklist(page, visit, assert_accessible, tab_to):
    """Guide → finder; moving in (arrow keys) with a child of 7 → the
    checklist lists 転入届 and 就学 but not 転出届; printed, the form is left
    out and the list stays."""
    visit(page, "/tetsuzuki/")
    tab_to(page, "main a[href='/procedures/navi/']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, "#id_moving_0")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_moving_2").is_checked()  # moving into the city
    tab_to(page, "#id_child_1")
    page.keyboard.type("7")
    tab_to(page, "main form.navi-form button[type='submit']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    checklist = page.locator("#checklist")
    assert "転入届" in checklist.inner_text()
    assert "就学の手続き" in checklist.inner_text()
    assert "転出届" not in checklist.inner_text()
    page.emulate_media(media="print")
    assert not page.locator("form.navi-form").is_visible()
    assert checklist.is_visible()


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_life_event_and_procedure_pages(page, visit, tab_to, prefix):
    """A life event and a procedure page pass axe; the life event's link leads
    by keyboard to the procedure, which names its counter and fee."""
    visit(page, prefix + "tetsuzuki/hikkoshi/")
    tab_to(page, f"main a[href='{prefix}tetsuzuki/tennyu/']")
    _press_enter_and_wait(page)
    visit(page, prefix + "tetsuzuki/tennyu/")
    facts = page.locator("dl.procedure-facts").inner_text()
    assert "市民課" in facts
    visit(page, prefix + "tetsuzuki/inu/")
    assert "3,000" in page.locator("dl.procedure-facts").inner_text()


def test_navi_error_state_by_keyboard(page, visit, assert_accessible, tab_to):
    """A child's age out of range: the error summary takes the focus and its
    link leads to the field, marked invalid."""
    visit(page, "/procedures/navi/")
    tab_to(page, "#id_child_1")
    page.keyboard.type("99")
    tab_to(page, "main form.navi-form button[type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _wait_for_focus(page, "#error-summary")
    assert_accessible(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    _wait_for_focus(page, "#id_child_1")
    assert page.locator("#id_child_1").get_attribute("aria-invalid") == "true"


def test_resident_keeps_the_checklist(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """Signed in, the resident keeps a checklist; it opens from the account page."""
    email = _resident(e2e_server)
    visit(page, "/accounts/login/")
    tab_to(page, "main input[name='email']")
    page.keyboard.type(email)
    tab_to(page, "main input[name='password']")
    page.keyboard.type(PASSWORD)
    _press_enter_and_wait(page)
    visit(page, "/procedures/navi/?moving=out&insurance=unknown&events=dog")
    tab_to(page, "main form.navi-save button[type='submit']")
    _press_enter_and_wait(page)
    assert "/procedures/checklists/" in page.url
    assert_accessible(page)
    assert "転出届" in page.locator("main").inner_text()
    visit(page, "/accounts/profile/")
    tab_to(page, "main a[href*='/procedures/checklists/']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert "犬の登録" in page.locator("main").inner_text()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_navi_in_other_languages(page, visit, language):
    """The questionnaire with a checklist passes axe in every language."""
    prefix = OTHER_LANGUAGES[language]
    visit(page, prefix + "procedures/navi/?moving=in&insurance=unknown&child_1=3")
    assert page.locator("html").get_attribute("lang").lower() == language
    assert page.locator("#checklist li").count() > 0
