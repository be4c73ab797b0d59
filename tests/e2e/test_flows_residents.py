"""Resident account flows driven by the keyboard alone (Tab, Shift+Tab, Enter,
Space and typing; no clicks, no ``fill``): sign-up with its error summary and
e-mail verification, editing the profile, deleting the account and the password
reset request. axe-core runs on every page the flows reach."""

from __future__ import annotations

import json
import re
import uuid

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

#: language → URL prefix (Japanese is the unprefixed default).
PREFIXES = {"ja": "/", "en": "/en/"}
PASSWORD = "Lantern-harbor-7391"


def _unique_email(tag: str) -> str:
    return f"e2e-{tag}-{uuid.uuid4().hex[:12]}@example.com"


def _type_replacing(page, text: str) -> None:
    """Select what the focused field holds and type ``text`` over it."""
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def _press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _wait_for_focus(page, selector: str) -> None:
    """Wait until ``selector`` has focus (autofocus runs after the load)."""
    page.wait_for_function(
        "s => !!document.activeElement && document.activeElement.matches(s)",
        arg=selector,
    )


def _resident_create(e2e_server, email: str) -> None:
    """A verified resident with a profile, made directly in the e2e database."""
    e2e_server.manage(
        "shell",
        "-c",
        "from django.utils import timezone\n"
        "from cityhall.core.models import ResidentProfile, User\n"
        f"user = User.objects.create_user({email!r}, {PASSWORD!r}, "
        "email_verified_at=timezone.now())\n"
        "ResidentProfile.objects.create(user=user, family_name='那須', "
        "given_name='一葉', family_name_kana='なす', given_name_kana='かずは', "
        "postal_code='324-8641', address='栃木県テスト市本町1-1', "
        "phone='', preferred_language='ja')\n",
    )


def _resident_state(e2e_server, email: str) -> dict:
    """Whether the account and its profile exist in the e2e database."""
    output = e2e_server.manage(
        "shell",
        "-c",
        "import json\n"
        "from cityhall.core.models import ResidentProfile, User\n"
        f"users = User.objects.filter(email={email!r})\n"
        f"profiles = ResidentProfile.objects.filter(user__email={email!r})\n"
        "print(json.dumps({'user': users.exists(), 'profile': profiles.exists()}))",
    )
    return json.loads(output.strip().splitlines()[-1])


def _sign_in(page, visit, tab_to, email: str, password: str, prefix: str = "/"):
    visit(page, prefix + "accounts/login/")
    tab_to(page, "main input[name='email']")
    page.keyboard.type(email)
    tab_to(page, "main input[name='password']")
    page.keyboard.type(password)
    _press_enter_and_wait(page)


@pytest.mark.parametrize("language", PREFIXES)
def test_signup_by_keyboard_with_errors_then_verification(
    page,
    visit,
    assert_accessible,
    tab_to,
    shift_tab_to,
    focused_matches,
    mail_to,
    e2e_server,
    language,
):
    """Sign-up: a first submission with a missing address and a furigana in
    Latin letters shows a focused error summary whose links lead to those two
    fields; the corrected form leads to "check your mail"; the mailed link opens
    a confirm page whose button signs the new resident in on their profile."""
    prefix = PREFIXES[language]
    email = _unique_email(f"signup-{language}")
    signup_form = "form[action$='/accounts/signup/']"

    visit(page, prefix + "accounts/signup/")
    tab_to(page, "#id_email")
    page.keyboard.type(email)
    tab_to(page, "#id_password1")
    page.keyboard.type(PASSWORD)
    tab_to(page, "#id_password2")
    page.keyboard.type(PASSWORD)
    tab_to(page, "#id_family_name")
    page.keyboard.type("黒羽")
    tab_to(page, "#id_given_name")
    page.keyboard.type("芭蕉")
    tab_to(page, "#id_family_name_kana")
    page.keyboard.type("abc")
    tab_to(page, "#id_given_name_kana")
    page.keyboard.type("ばしょう")
    tab_to(page, "#id_postal_code")
    page.keyboard.type("３２４－０２３４")
    # The address (required) is left empty on purpose.
    tab_to(page, "#id_phone")
    page.keyboard.type("0287-54-0000")
    if language == "en":
        # Type-ahead on the closed <select> chooses the option.
        tab_to(page, "#id_preferred_language")
        page.keyboard.type("English")
        assert page.locator("#id_preferred_language").input_value() == "en"
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    tab_to(page, f"{signup_form} button[type='submit']")
    _press_enter_and_wait(page)

    # The error state: the summary has focus and links to exactly the two fields.
    assert page.url.endswith(prefix + "accounts/signup/")
    _wait_for_focus(page, "#error-summary")
    assert_accessible(page)
    links = page.locator("#error-summary a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["#id_family_name_kana", "#id_address"]
    for href in hrefs:
        field = page.locator(href)
        assert field.get_attribute("aria-invalid") == "true"
        described_by = (field.get_attribute("aria-describedby") or "").split()
        assert f"{href[1:]}_error" in described_by
        assert page.locator(f"{href}_error").count() == 1
    # What was typed is kept, except the passwords (never sent back).
    assert page.locator("#id_email").input_value() == email
    assert page.locator("#id_postal_code").input_value() == "３２４－０２３４"
    assert page.locator("#id_password1").input_value() == ""

    # The first link takes the keyboard user to the furigana field.
    page.keyboard.press("Tab")
    assert focused_matches(page, "#error-summary a[href='#id_family_name_kana']")
    page.keyboard.press("Enter")
    _wait_for_focus(page, "#id_family_name_kana")
    _type_replacing(page, "くろばね")
    tab_to(page, "#id_address")
    page.keyboard.type("栃木県テスト市黒羽1-2-3")
    shift_tab_to(page, "#id_password1")
    page.keyboard.type(PASSWORD)
    tab_to(page, "#id_password2")
    page.keyboard.type(PASSWORD)
    assert page.locator("#id_consent").is_checked()
    tab_to(page, f"{signup_form} button[type='submit']")
    _press_enter_and_wait(page)

    assert page.url.endswith(prefix + "accounts/signup/done/")
    assert_accessible(page)
    assert page.locator("h1").count() == 1

    mails = mail_to(email)
    assert len(mails) == 1, mails
    found = re.search(r"https?://\S+/accounts/verify/[^/\s]+/", mails[0])
    assert found, mails[0]
    link = found.group(0)
    # The link is in the resident's chosen language and points at this server.
    assert link.startswith(e2e_server.url(prefix + "accounts/verify/"))

    visit(page, link)
    assert page.get_attribute("html", "lang") == language
    tab_to(page, "main form button[type='submit']")
    _press_enter_and_wait(page)

    page.wait_for_url(re.compile(re.escape(prefix) + r"accounts/profile/$"))
    assert_accessible(page)
    assert page.get_attribute("html", "lang") == language
    assert page.locator("[role='status']").count() == 1
    assert page.locator("#account-email").inner_text().strip() == email
    expected = {
        "family_name": "黒羽",
        "given_name": "芭蕉",
        "family_name_kana": "くろばね",
        "given_name_kana": "ばしょう",
        "postal_code": "324-0234",
        "address": "栃木県テスト市黒羽1-2-3",
        "phone": "0287-54-0000",
        "preferred_language": language,
    }
    shown = {
        name: page.locator(f"main [name='{name}']").input_value() for name in expected
    }
    assert shown == expected


def test_profile_phone_in_full_width_digits_is_saved_normalised(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """A phone number typed with full-width digits and dashes is saved; the
    profile then confirms the save and shows it with half-width characters."""
    email = _unique_email("profile")
    _resident_create(e2e_server, email)
    _sign_in(page, visit, tab_to, email, PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    assert_accessible(page)
    assert page.locator("[role='status']").count() == 0

    tab_to(page, "#id_phone")
    _type_replacing(page, "０２８７－２３－１２３４")
    tab_to(page, "form[action$='/accounts/profile/'] button[type='submit']")
    _press_enter_and_wait(page)

    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    assert_accessible(page)
    assert page.locator("#error-summary").count() == 0
    assert page.locator("[role='status']").count() == 1
    assert page.locator("#id_phone").input_value() == "0287-23-1234"
    # Nothing else changed.
    assert page.locator("#id_family_name").input_value() == "那須"


def test_account_deletion_by_keyboard_needs_the_right_password(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """A wrong password is refused with an accessible error and deletes nothing;
    the right one deletes the account, and signing in with it then fails."""
    email = _unique_email("delete")
    _resident_create(e2e_server, email)
    _sign_in(page, visit, tab_to, email, PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/profile/$"))

    # From the profile to the deletion page by its link.
    tab_to(page, "main a[href$='/accounts/delete/']")
    _press_enter_and_wait(page)
    assert page.url.endswith("/accounts/delete/")
    assert_accessible(page)

    tab_to(page, "#id_password")
    page.keyboard.type("not-" + PASSWORD)
    tab_to(page, "form[action$='/accounts/delete/'] button[type='submit']")
    _press_enter_and_wait(page)
    assert page.url.endswith("/accounts/delete/")
    _wait_for_focus(page, "#error-summary")
    assert_accessible(page)
    assert page.locator("#error-summary a").get_attribute("href") == "#id_password"
    assert page.locator("#id_password").get_attribute("aria-invalid") == "true"
    assert _resident_state(e2e_server, email) == {"user": True, "profile": True}

    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "form[action$='/accounts/delete/'] button[type='submit']")
    _press_enter_and_wait(page)
    assert page.url.endswith("/accounts/delete/done/")
    assert_accessible(page)
    assert _resident_state(e2e_server, email) == {"user": False, "profile": False}

    _sign_in(page, visit, tab_to, email, PASSWORD)
    assert page.url.endswith("/accounts/login/")
    _wait_for_focus(page, "#error-summary")
    assert_accessible(page)


def test_password_reset_request_by_keyboard(
    page, visit, assert_accessible, tab_to, focused_matches
):
    """The reset request page shows a focused, accessible error for an address
    that is not one, and then the neutral "check your mail" page."""
    visit(page, "/accounts/password-reset/")
    tab_to(page, "#id_email")
    page.keyboard.type("not-an-address")
    _press_enter_and_wait(page)
    assert page.url.endswith("/accounts/password-reset/")
    _wait_for_focus(page, "#error-summary")
    assert_accessible(page)
    assert page.locator("#error-summary a").get_attribute("href") == "#id_email"

    tab_to(page, "#id_email")
    _type_replacing(page, _unique_email("reset"))
    tab_to(page, "form[action$='/accounts/password-reset/'] button[type='submit']")
    _press_enter_and_wait(page)
    assert page.url.endswith("/accounts/password-reset/done/")
    assert_accessible(page)
    assert page.locator("h1").count() == 1
