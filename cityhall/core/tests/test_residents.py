"""Resident accounts end to end: sign-up, verification, profile, password reset,
deletion, and that one resident never reaches another's data."""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.conf import settings
from django.core import mail, signing
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cityhall.core.models import ResidentProfile, User
from cityhall.core.residents import tasks
from cityhall.core.residents.services import resident_signup
from cityhall.core.residents.tokens import verification_token_make
from cityhall.core.tests.factories import (
    PASSWORD,
    ResidentProfileFactory,
)
from cityhall.core.tests.factories import StaffFactory as StaffUserFactory
from cityhall.core.tests.factories import UserFactory as ResidentUserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "nasu-highland-7731?"
_LINK = re.compile(r"https?://[^/\s]+(/\S+)")


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Tasks run in the request (after commit) instead of in a worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.CITYHALL_BASE_URL = "http://testserver"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST with after-commit callbacks (the mail tasks) executed."""

    def _post(url, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **kwargs)

    return _post


def signup_data(**overrides):
    data = {
        "email": "hanako@example.jp",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "family_name": "佐藤",
        "given_name": "花子",
        "family_name_kana": "サトウ",
        "given_name_kana": "ハナコ",
        "postal_code": "324-8641",
        "address": "栃木県大田原市本町1-4-1",
        "phone": "",
        "preferred_language": "ja",
        "consent": "on",
    }
    data.update(overrides)
    return data


def link_path(message) -> str:
    """The path of the (only) link in a mail body."""
    return _LINK.search(message.body).group(1)


# --- Sign-up --------------------------------------------------------------------


def test_signup_creates_inactive_account_and_mails_link(post):
    """A valid sign-up stores an inactive, unverified account with its profile and
    mails a verification link to the address."""
    response = post(reverse("accounts:signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get(email="hanako@example.jp")
    assert not user.is_active
    assert user.email_verified_at is None
    assert user.check_password(NEW_PASSWORD)
    assert user.resident_profile.family_name == "佐藤"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hanako@example.jp"]
    assert link_path(mail.outbox[0]).startswith("/accounts/verify/")


def test_signup_mail_link_uses_preferred_language(post):
    """The verification mail is written for the resident's preferred language: its
    link carries that language's URL prefix."""
    post(reverse("accounts:signup"), signup_data(preferred_language="en"))

    assert link_path(mail.outbox[0]).startswith("/en/accounts/verify/")


def test_signup_with_invalid_input_creates_nothing(post):
    """Bad input re-renders the form with errors and stores nothing."""
    response = post(
        reverse("accounts:signup"), signup_data(given_name_kana="Hanako", consent="")
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"given_name_kana", "consent"}
    assert not User.objects.exists()
    assert mail.outbox == []


def test_signup_form_requires_csrf_token():
    """The sign-up POST is CSRF-protected."""
    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:signup"), signup_data()
    )

    assert response.status_code == 403
    assert not User.objects.exists()


def test_signup_with_existing_address_reveals_nothing(post):
    """Signing up with a registered address shows the same page, changes nothing,
    and tells the existing owner instead of sending a verification link."""
    owner = ResidentProfileFactory(user__email="hanako@example.jp").user

    response = post(reverse("accounts:signup"), signup_data(email="Hanako@Example.jp"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hanako@example.jp"]
    assert "/accounts/verify/" not in mail.outbox[0].body
    assert "/accounts/password-reset/" in mail.outbox[0].body


def test_signup_twice_while_pending_keeps_one_account(post):
    """Submitting the sign-up again before verifying leaves one account, takes the
    newer password and voids the first link."""
    post(reverse("accounts:signup"), signup_data())
    first_link = link_path(mail.outbox[0])
    post(
        reverse("accounts:signup"),
        signup_data(password1="another-pass-5521", password2="another-pass-5521"),
    )

    assert User.objects.filter(email="hanako@example.jp").count() == 1
    assert User.objects.get().check_password("another-pass-5521")
    assert len(mail.outbox) == 2
    assert post(first_link).status_code == 400
    assert post(link_path(mail.outbox[1])).status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_create_one_account():
    """Two simultaneous submissions of the same sign-up create one account (the
    unique e-mail decides; the loser is absorbed without an error)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real parallel transactions")
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            resident_signup(
                email="hanako@example.jp",
                password=NEW_PASSWORD,
                family_name="佐藤",
                given_name="花子",
                family_name_kana="さとう",
                given_name_kana="はなこ",
                postal_code="324-8641",
                address="栃木県大田原市本町1-4-1",
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert User.objects.filter(email="hanako@example.jp").count() == 1
    assert ResidentProfile.objects.count() == 1


# --- Verification ---------------------------------------------------------------


def test_verification_link_get_does_not_use_the_link(client, post):
    """Opening the link only shows a confirm button (mail scanners open links)."""
    post(reverse("accounts:signup"), signup_data())

    response = client.get(link_path(mail.outbox[0]))

    assert response.status_code == 200
    assert not User.objects.get().is_active


def test_verification_activates_and_signs_in(client, post):
    """Confirming the link activates the account, records the verification time,
    signs the resident in and sends them to their profile."""
    post(reverse("accounts:signup"), signup_data())

    response = post(link_path(mail.outbox[0]))

    user = User.objects.get()
    assert user.is_active
    assert user.email_verified_at is not None
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_verification_link_works_once(post):
    """A used verification link is refused the second time."""
    post(reverse("accounts:signup"), signup_data())
    link = link_path(mail.outbox[0])
    post(link)

    response = post(link)

    assert response.status_code == 400
    assert 'data-code="verification_link_invalid"' in response.content.decode()


def test_expired_verification_link_offers_resend(client, monkeypatch):
    """A link older than its lifetime is refused with a resend form, and the
    account stays inactive."""
    user = ResidentUserFactory(is_active=False, email_verified_at=None)
    four_days_ago = int(time.time()) - 4 * 24 * 3600
    monkeypatch.setattr(
        signing.TimestampSigner,
        "timestamp",
        lambda self: signing.b62_encode(four_days_ago),
    )
    token = verification_token_make(user)
    monkeypatch.undo()

    response = client.post(reverse("accounts:verify", kwargs={"token": token}))

    assert response.status_code == 400
    content = response.content.decode()
    assert 'data-code="verification_link_expired"' in content
    assert f'action="{reverse("accounts:verify_resend")}"' in content
    user.refresh_from_db()
    assert not user.is_active


def test_altered_verification_link_is_refused(client):
    """A tampered token is refused and activates nothing."""
    user = ResidentUserFactory(is_active=False, email_verified_at=None)
    token = verification_token_make(user)[:-2] + "xx"

    response = client.post(reverse("accounts:verify", kwargs={"token": token}))

    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_resend_mails_pending_account(post):
    """Asking for a new link mails a pending account a working link."""
    user = ResidentUserFactory(is_active=False, email_verified_at=None)

    response = post(reverse("accounts:verify_resend"), {"email": user.email})

    assert response["Location"] == reverse("accounts:verify_resend_done")
    assert len(mail.outbox) == 1
    assert post(link_path(mail.outbox[0])).status_code == 302


def test_resend_for_unknown_or_verified_address_sends_nothing(post):
    """The resend answer is the same for unknown and verified addresses, and no
    mail goes out."""
    verified = ResidentUserFactory()

    unknown = post(reverse("accounts:verify_resend"), {"email": "no@example.jp"})
    known = post(reverse("accounts:verify_resend"), {"email": verified.email})

    assert unknown["Location"] == known["Location"]
    assert mail.outbox == []


def test_mail_task_is_safe_to_run_twice():
    """Running the verification task twice sends one mail; for a deleted account
    it sends none."""
    user = ResidentUserFactory(is_active=False, email_verified_at=None)

    tasks.resident_verification_mail_send.enqueue(user.pk)
    tasks.resident_verification_mail_send.enqueue(user.pk)
    user_id = user.pk
    user.delete()
    tasks.resident_verification_mail_send.enqueue(user_id)

    assert len(mail.outbox) == 1


# --- Profile --------------------------------------------------------------------


def test_anonymous_profile_request_redirects_to_login(client):
    """The profile needs a signed-in resident."""
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_staff_are_sent_to_the_staff_console(client):
    """Staff have no resident profile; they are redirected to /admin/."""
    client.force_login(StaffUserFactory())

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_profile_shows_only_own_data(client):
    """With two residents, the profile page shows the signed-in one's data only."""
    mine = ResidentProfileFactory(given_name="花子", address="大田原市本町1")
    other = ResidentProfileFactory(given_name="次郎", address="那須塩原市2")
    client.force_login(mine.user)

    response = client.get(reverse("accounts:profile"))

    content = response.content.decode()
    assert response.status_code == 200
    assert mine.user.email in content
    assert "大田原市本町1" in content
    assert other.user.email not in content
    assert "那須塩原市2" not in content
    assert "次郎" not in content


def test_profile_update_changes_only_own_profile(client, post):
    """Saving the profile changes the signed-in resident's row only, even if the
    request names someone else."""
    mine = ResidentProfileFactory()
    other = ResidentProfileFactory(address="那須塩原市2")
    client.force_login(mine.user)
    data = signup_data(address="大田原市城山2-1", user=other.user.pk)
    data["email"] = other.user.email

    post(reverse("accounts:profile"), data)

    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.address == "大田原市城山2-1"
    assert other.address == "那須塩原市2"
    assert User.objects.get(pk=mine.user.pk).email == mine.user.email


def test_profile_update_normalises_input(client, post):
    """Full-width phone and postal code and katakana readings are stored in their
    canonical form."""
    profile = ResidentProfileFactory()
    client.force_login(profile.user)

    post(
        reverse("accounts:profile"),
        signup_data(
            phone="０２８７－２３－１１１１",
            postal_code="〒３２４－８６４１",
            family_name_kana="ｻﾄｳ",
        ),
    )

    profile.refresh_from_db()
    assert profile.phone == "0287-23-1111"
    assert profile.postal_code == "324-8641"
    assert profile.family_name_kana == "さとう"


def test_profile_update_with_bad_input_changes_nothing(client, post):
    """An invalid reading is reported on its field and nothing is saved."""
    profile = ResidentProfileFactory(address="大田原市本町1")
    client.force_login(profile.user)

    response = post(
        reverse("accounts:profile"),
        signup_data(family_name_kana="佐藤", address="別の住所"),
    )

    assert response.status_code == 200
    assert "family_name_kana" in response.context["form"].errors
    profile.refresh_from_db()
    assert profile.address == "大田原市本町1"


def test_profile_language_change_switches_ui_language(client, post):
    """Choosing English redirects to the English profile URL and sets the
    language cookie."""
    profile = ResidentProfileFactory()
    client.force_login(profile.user)

    response = post(reverse("accounts:profile"), signup_data(preferred_language="en"))

    with translation.override("en"):
        english_profile = reverse("accounts:profile")
    assert english_profile.startswith("/en/")
    assert response["Location"] == english_profile
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    profile.refresh_from_db()
    assert profile.preferred_language == "en"


def test_profile_page_errors_are_summarised_and_linked(client, post):
    """With errors, a focused summary links to the field, whose input points at its
    error message."""
    profile = ResidentProfileFactory()
    client.force_login(profile.user)

    response = post(reverse("accounts:profile"), signup_data(postal_code="12"))

    content = response.content.decode()
    assert 'id="error-summary" tabindex="-1" autofocus' in content
    assert 'href="#id_postal_code"' in content
    assert 'id="id_postal_code_error"' in content
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_postal_code_error', content)
    assert 'aria-invalid="true"' in content


def test_profile_page_without_errors_has_no_summary(client):
    """No error summary (and no autofocus) on a clean form."""
    client.force_login(ResidentProfileFactory().user)

    response = client.get(reverse("accounts:profile"))

    content = response.content.decode()
    assert 'id="error-summary"' not in content
    assert "autofocus" not in content


# --- Password change and reset --------------------------------------------------


def test_password_change(client, post):
    """A resident changes their password with the current one."""
    user = ResidentProfileFactory().user
    client.force_login(user)

    response = post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_does_not_reveal_unknown_addresses(post):
    """Known and unknown addresses get the same answer; only the known one gets
    a mail."""
    user = ResidentProfileFactory().user

    unknown = post(reverse("accounts:password_reset"), {"email": "nobody@example.jp"})
    assert mail.outbox == []
    known = post(reverse("accounts:password_reset"), {"email": user.email})

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_password_reset_is_not_offered_to_staff(post):
    """Staff passwords are reset by the IT division, never by mail."""
    staff = StaffUserFactory()

    post(reverse("accounts:password_reset"), {"email": staff.email})

    assert mail.outbox == []


def test_password_reset_link_sets_new_password(client, post):
    """The mailed link (naming the account by public id, not pk) lets the resident
    choose a new password."""
    user = ResidentProfileFactory().user
    post(reverse("accounts:password_reset"), {"email": user.email})
    link = link_path(mail.outbox[0])
    assert f"/reset/{user.pk}/" not in link

    form_page = client.get(link)
    response = post(
        form_page["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


# --- Deletion -------------------------------------------------------------------


def test_delete_with_wrong_password_keeps_everything(client, post):
    """A wrong password deletes nothing."""
    profile = ResidentProfileFactory()
    client.force_login(profile.user)

    response = post(reverse("accounts:delete"), {"password": "wrong"})

    assert response.status_code == 200
    assert User.objects.filter(pk=profile.user.pk).exists()
    assert ResidentProfile.objects.filter(pk=profile.pk).exists()


def test_delete_removes_user_and_profile_and_signs_out(client, post):
    """Deleting removes the User and ResidentProfile rows, signs out and shows the
    done page; other residents are untouched."""
    profile = ResidentProfileFactory()
    other = ResidentProfileFactory()
    client.force_login(profile.user)

    response = post(reverse("accounts:delete"), {"password": PASSWORD})

    assert response["Location"] == reverse("accounts:delete_done")
    assert not User.objects.filter(pk=profile.user.pk).exists()
    assert not ResidentProfile.objects.filter(pk=profile.pk).exists()
    assert ResidentProfile.objects.filter(pk=other.pk).exists()
    assert "_auth_user_id" not in client.session
    assert client.get(response["Location"]).status_code == 200


def test_staff_cannot_delete_through_resident_page(client, post):
    """The resident deletion page never deletes a staff account."""
    staff = StaffUserFactory()
    client.force_login(staff)

    post(reverse("accounts:delete"), {"password": PASSWORD})

    assert User.objects.filter(pk=staff.pk).exists()
