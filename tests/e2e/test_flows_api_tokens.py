"""Personal API tokens on the account page, by keyboard alone: a refused
creation with its error summary, a creation that shows the token once, and a
revocation. axe-core runs on every page the flow reaches."""

from __future__ import annotations

import re

import pytest
from test_flows_residents import (
    PASSWORD,
    _press_enter_and_wait,
    _resident_create,
    _sign_in,
    _unique_email,
    _wait_for_focus,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_api_token_create_and_revoke_by_keyboard(
    page, visit, assert_accessible, tab_to, e2e_server, prefix
):
    """From the account page to the token page; an empty name is refused with
    the error summary focused; a named token is shown once and then listed by
    its prefix; revoking it empties the list."""
    email = _unique_email("tokens")
    _resident_create(e2e_server, email)
    _sign_in(page, visit, tab_to, email, PASSWORD, prefix)
    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    visit(page, prefix + "accounts/profile/")

    tab_to(page, "main a[href$='/accounts/api-tokens/']")
    _press_enter_and_wait(page)
    assert page.url.endswith(prefix + "accounts/api-tokens/")
    assert_accessible(page)
    assert page.get_attribute("html", "lang") == ("en" if prefix == "/en/" else "ja")
    assert page.locator("main table").count() == 0

    # No name: refused, nothing created.
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)
    _wait_for_focus(page, "#error-summary")
    assert_accessible(page)
    assert page.locator("main table").count() == 0

    tab_to(page, "#id_name")
    page.keyboard.type("Household budget")
    tab_to(page, "main form[action$='/accounts/api-tokens/'] button[type='submit']")
    _press_enter_and_wait(page)
    _wait_for_focus(page, "section.token-created")
    assert_accessible(page)
    token = page.locator("#new-token").input_value()
    assert token.startswith("chpat_")
    assert page.locator("main table tbody tr").count() == 1
    assert page.locator("main table tbody th").inner_text() == "Household budget"
    assert token[:12] in page.locator("main table tbody code").inner_text()

    # Revoke it.
    tab_to(page, "main table form button[type='submit']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert page.locator("[role='status']").count() == 1
    assert page.locator("main table").count() == 0
    assert page.locator("#new-token").count() == 0
