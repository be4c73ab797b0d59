"""Mail subscription pages by keyboard alone, with axe-core on every page:
the sign-up form and its error state, "check your mail", the confirmation page
from the mailed link, the manage page and leaving. Japanese and every other
enabled language (one page load of the form each, modest in time)."""

from __future__ import annotations

import re
import uuid

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PREFIXES = {"ja": "/"} | {
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


@pytest.mark.parametrize("language", PREFIXES)
def test_subscribe_form_and_error_state_in_each_language(
    page, visit, assert_accessible, tab_to, focused_matches, language
):
    """The form passes axe; submitting a wrong address by keyboard focuses the
    error summary, whose link leads to the address field (also axe-clean)."""
    prefix = PREFIXES[language]
    visit(page, prefix + "notices/subscribe/")
    assert page.locator("html").get_attribute("lang").lower() == language
    tab_to(page, "#id_email")
    page.keyboard.type("not an address")
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)
    _wait_for_focus(page, "#error-summary")
    assert_accessible(page)
    page.keyboard.press("Tab")
    assert focused_matches(page, "#error-summary a[href='#id_email']")
    page.keyboard.press("Enter")
    _wait_for_focus(page, "#id_email")
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"


def test_subscribe_confirm_manage_and_leave_by_keyboard(
    page, visit, assert_accessible, tab_to, mail_to, e2e_server
):
    """Japanese: subscribe with a district chosen by Space, confirm from the
    mailed link, change the language on the manage page, then unsubscribe."""
    email = f"e2e-sub-{uuid.uuid4().hex[:10]}@example.com"
    visit(page, "/notices/subscribe/")
    tab_to(page, "#id_email")
    page.keyboard.type(email)
    if page.locator("#id_districts_0").count():
        tab_to(page, "#id_districts_0")
        page.keyboard.press("Space")
        assert page.locator("#id_districts_0").is_checked()
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)
    assert page.url.endswith("/notices/subscribe/done/")
    assert_accessible(page)

    (body,) = mail_to(email)
    link = re.search(r"https?://\S+/notices/subscribe/confirm/\S+/", body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    visit(page, path)
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, "main a[href*='/notices/subscribe/manage/']")
    _press_enter_and_wait(page)
    assert_accessible(page)

    tab_to(page, "#id_language")
    page.keyboard.type("English")
    assert page.locator("#id_language").input_value() == "en"
    tab_to(page, "main form button[type='submit']:not([name])")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert page.locator("[role='status']").count() == 1

    tab_to(page, "main button[name='unsubscribe']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert page.locator("h1").count() == 1
