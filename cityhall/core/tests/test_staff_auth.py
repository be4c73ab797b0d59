"""Staff sign-in with a second factor, enrolment, and the resident sign-in."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cityhall.core.models import AuditRecord
from cityhall.core.services.staff import staff_recovery_codes_regenerate
from cityhall.core.tests.factories import (
    PASSWORD,
    StaffFactory,
    UserFactory,
    totp_code,
    totp_device_for,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


@pytest.fixture
def staff(db):
    """A staff member who may open the console (superuser for Wagtail access)."""
    return StaffFactory(is_superuser=True)


def _password_step(client, user, password=PASSWORD, next_url=ADMIN):
    return client.post(
        reverse("staff_auth:login"),
        {"email": user.email, "password": password, "next": next_url},
    )


def test_password_only_session_cannot_reach_admin(client, staff):
    """A session authenticated with the password alone is sent to the code step."""
    totp_device_for(staff)
    client.login(email=staff.email, password=PASSWORD)
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_auth:verify"))


def test_password_step_does_not_sign_in(client, staff):
    """After the password step alone the session is not authenticated."""
    totp_device_for(staff)
    response = _password_step(client, staff)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_auth:verify"))
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN).status_code == 302


def test_totp_code_opens_the_admin(client, staff):
    """Password then a current TOTP code gives a verified session: /admin/ is 200."""
    device = totp_device_for(staff)
    _password_step(client, staff)
    response = client.post(
        reverse("staff_auth:verify"), {"code": totp_code(device), "next": ADMIN}
    )
    assert response.status_code == 302
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    assert AuditRecord.objects.filter(action="staff.sign_in").count() == 1


def test_middleware_session_can_finish_with_a_code(client, staff):
    """A password-only session redirected by the middleware can complete step 2."""
    device = totp_device_for(staff)
    client.login(email=staff.email, password=PASSWORD)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    assert client.get(ADMIN).status_code == 200


def test_wrong_totp_code_is_refused(client, staff):
    """A wrong code keeps the user out and says so on the form."""
    device = totp_device_for(staff)
    _password_step(client, staff)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("staff_auth:verify"), {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get(ADMIN).status_code == 302


def test_wrong_password_is_refused_without_revealing_the_account(client, staff):
    """Wrong password and unknown account give the same form error."""
    with translation.override("en"):
        wrong = _password_step(client, staff, password="not-the-password")
        unknown = client.post(
            reverse("staff_auth:login"),
            {"email": "nobody@city.example.jp", "password": "whatever-123"},
        )
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == (
        unknown.context["form"].non_field_errors()
    )
    assert "The e-mail address or password is not correct." in (
        wrong.context["form"].non_field_errors()
    )


def test_recovery_code_works_once_only(client, staff):
    """A recovery code signs in once; the same code is refused the second time."""
    totp_device_for(staff)
    code = staff_recovery_codes_regenerate(user=staff)[0]
    _password_step(client, staff)
    response = client.post(reverse("staff_auth:verify"), {"code": code})
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200
    client.post(reverse("staff_auth:logout"))
    _password_step(client, staff)
    response = client.post(reverse("staff_auth:verify"), {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get(ADMIN).status_code == 302


def test_enrolment_end_to_end(client, staff):
    """No device → QR page → confirm with a code → 10 recovery codes → admin."""
    response = _password_step(client, staff)
    assert response["Location"].startswith(reverse("staff_auth:otp_setup"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert 'id="qr-caption"' in html
    groups = page.context["secret_groups"]
    assert all(len(group) <= 4 for group in groups)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = client.post(
        reverse("staff_auth:otp_setup"), {"code": totp_code(device), "next": ADMIN}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_auth:recovery_codes"))
    codes_page = client.get(response["Location"])
    assert len(codes_page.context["codes"]) == 10
    assert len(re.findall(r"<li><code", codes_page.content.decode())) == 10
    # Shown once only.
    assert client.get(response["Location"]).context["codes"] == []
    assert client.get(ADMIN).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=staff).token_set.count() == 10


def test_enrolment_with_wrong_code_changes_nothing(client, staff):
    """A wrong confirmation code leaves the device unconfirmed and no codes made."""
    _password_step(client, staff)
    client.get(reverse("staff_auth:otp_setup"))
    device = TOTPDevice.objects.get(user=staff)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("staff_auth:otp_setup"), {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=staff).exists()


def test_enrolled_user_cannot_enrol_another_device(client, staff):
    """With an authenticator already set up, the setup page sends to the code step
    (a stolen password must not be enough to enrol a new phone)."""
    totp_device_for(staff)
    _password_step(client, staff)
    response = client.get(reverse("staff_auth:otp_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_auth:verify"))


def test_wagtail_login_page_redirects_to_staff_sign_in(client):
    """Wagtail's own /admin/login/ is not a way around the second factor."""
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_auth:login"))
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 302


def test_anonymous_admin_goes_to_staff_sign_in(client):
    """Wagtail sends anonymous visitors to WAGTAILADMIN_LOGIN_URL (ours)."""
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_auth:login"))


def test_non_staff_user_gets_403_at_admin(client):
    """A signed-in resident cannot use the staff console."""
    resident = UserFactory()
    client.force_login(resident)
    assert client.get(ADMIN).status_code == 403


def test_resident_cannot_use_staff_sign_in(client):
    """Correct resident credentials on the staff page do not start a staff login."""
    resident = UserFactory()
    response = _password_step(client, resident)
    assert response.status_code == 200
    assert "cityhall_staff_pending" not in client.session


def test_staff_logout_requires_post(client, staff):
    """GET does not sign out; POST does."""
    device = totp_device_for(staff)
    _password_step(client, staff)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    assert client.get(reverse("staff_auth:logout")).status_code == 405
    assert client.post(reverse("staff_auth:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_sign_in_works_under_a_language_prefix(client, staff):
    """/en/staff/login/ serves the same sign-in page."""
    assert client.get("/en/staff/login/").status_code == 200


def test_open_redirect_in_next_is_ignored(client, staff):
    """An off-site ``next`` falls back to the console."""
    device = totp_device_for(staff)
    _password_step(client, staff, next_url="https://evil.example/")
    response = client.post(
        reverse("staff_auth:verify"),
        {"code": totp_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == ADMIN


# --- Resident sign-in -------------------------------------------------------------


def test_resident_signs_in_and_out(client, settings):
    """A resident with the right password is signed in; logout is POST."""
    settings.LOGIN_REDIRECT_URL = "/"
    resident = UserFactory()
    response = client.post(
        reverse("accounts:login"),
        {"email": resident.email.upper(), "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_staff_are_told_to_use_staff_sign_in(client, staff):
    """Staff credentials on the resident page do not sign in."""
    with translation.override("en"):
        response = client.post(
            reverse("accounts:login"), {"email": staff.email, "password": PASSWORD}
        )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Staff members sign in on the staff sign-in page." in (
        response.context["form"].non_field_errors()
    )


def test_login_forms_have_csrf_and_labels(client):
    """Both sign-in forms carry a CSRF token and a label for every input."""
    for url in (reverse("accounts:login"), reverse("staff_auth:login")):
        html = client.get(url).content.decode()
        assert "csrfmiddlewaretoken" in html
        assert 'for="id_email"' in html
        assert 'for="id_password"' in html


# --- demo_totp -------------------------------------------------------------------


def test_demo_totp_refuses_non_demo_accounts(staff):
    """The command never prints codes of real (non-demo) accounts."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    totp_device_for(staff)
    with pytest.raises(CommandError):
        call_command("demo_totp", staff.email)


def test_demo_totp_prints_the_current_code(capsys):
    """For a demo account the printed code is accepted by the device."""
    from django.core.management import call_command

    from cityhall.core.demo import demo_accounts

    demo = StaffFactory(email=demo_accounts()[0].email)
    device = totp_device_for(demo)
    call_command("demo_totp", demo.email)
    code = capsys.readouterr().out.strip()
    assert code == totp_code(device)
