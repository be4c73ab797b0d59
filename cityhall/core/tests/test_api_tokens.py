"""Personal API tokens: creation (shown once, stored hashed), listing,
revocation, expiry, the resident-only rule, audit, and the account pages."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from cityhall.core.errors import ApiTokenError
from cityhall.core.models import ApiToken, AuditRecord, IdempotencyRecord
from cityhall.core.residents.services import resident_account_delete
from cityhall.core.selectors.api_tokens import api_token_list_for_user
from cityhall.core.services.api_tokens import (
    MAX_ACTIVE_TOKENS,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from cityhall.core.tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_stores_only_a_hash_and_a_visible_prefix():
    """The token text is returned once; the row holds its SHA-256 and prefix."""
    user = UserFactory()
    api_token, token = api_token_create(user=user, name="Budget app")
    assert token.startswith("chpat_") and len(token) >= 40
    stored = ApiToken.objects.get(pk=api_token.pk)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.prefix == token[:12]
    assert token not in {f.value_to_string(stored) for f in ApiToken._meta.fields}
    assert api_token_authenticate(token=token) == user


def test_two_tokens_differ():
    """Every token is fresh randomness."""
    user = UserFactory()
    _a, first = api_token_create(user=user, name="a")
    _b, second = api_token_create(user=user, name="b")
    assert first != second


def test_create_and_revoke_are_audited():
    """Both create and revoke leave an audit record naming the token's prefix."""
    user = UserFactory()
    api_token, _token = api_token_create(user=user, name="Budget app")
    api_token_revoke(user=user, public_id=str(api_token.public_id))
    records = AuditRecord.objects.filter(target_id=str(api_token.public_id))
    assert sorted(r.action for r in records) == ["api_token.create", "api_token.revoke"]
    assert {r.data["prefix"] for r in records} == {api_token.prefix}
    assert {r.actor_id for r in records} == {user.pk}


def test_revoked_token_no_longer_authenticates_and_leaves_the_list():
    """After revocation the token is refused and the list no longer shows it;
    revoking again changes nothing and is not audited twice."""
    user = UserFactory()
    api_token, token = api_token_create(user=user, name="old")
    api_token_revoke(user=user, public_id=str(api_token.public_id))
    api_token_revoke(user=user, public_id=str(api_token.public_id))
    assert api_token_authenticate(token=token) is None
    assert list(api_token_list_for_user(user=user)) == []
    assert AuditRecord.objects.filter(action="api_token.revoke").count() == 1


def test_another_residents_token_cannot_be_revoked():
    """Revoking by another resident's token id answers not_found and keeps it."""
    alice, bob = UserFactory(), UserFactory()
    api_token, token = api_token_create(user=bob, name="bob's")
    with pytest.raises(ApiTokenError) as caught:
        api_token_revoke(user=alice, public_id=str(api_token.public_id))
    assert caught.value.status == 404
    assert api_token_authenticate(token=token) == bob


def test_expired_token_is_refused():
    """A token works through its expiry day (Japan time) and not after it."""
    user = UserFactory()
    today = timezone.localdate()
    api_token, token = api_token_create(user=user, name="short", expires_on=today)
    assert api_token_authenticate(token=token) == user
    ApiToken.objects.filter(pk=api_token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert api_token_authenticate(token=token) is None


def test_expiry_in_the_past_is_refused():
    """An expiry date before today is refused with a field error; nothing saved."""
    user = UserFactory()
    with pytest.raises(ApiTokenError) as caught:
        api_token_create(
            user=user,
            name="x",
            expires_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert "expires_on" in caught.value.extra["fields"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_bad_names_are_refused(name):
    """A token needs a name of 1 to 100 characters."""
    with pytest.raises(ApiTokenError) as caught:
        api_token_create(user=UserFactory(), name=name)
    assert caught.value.code == "invalid_input"
    assert not ApiToken.objects.exists()


def test_staff_cannot_create_tokens():
    """Staff accounts are refused: a token would bypass their second factor."""
    with pytest.raises(ApiTokenError) as caught:
        api_token_create(user=StaffFactory(), name="console")
    assert (caught.value.code, caught.value.status) == ("api_token_not_allowed", 403)


def test_token_of_a_user_who_became_staff_stops_working():
    """A resident's token stops working if the account becomes staff or inactive."""
    user = UserFactory()
    _t, token = api_token_create(user=user, name="x")
    user.is_staff = True
    user.save()
    assert api_token_authenticate(token=token) is None


def test_active_token_limit():
    """At most MAX_ACTIVE_TOKENS active tokens; revoking one frees a place."""
    user = UserFactory()
    tokens = [api_token_create(user=user, name=f"t{i}")[0] for i in range(20)]
    assert len(tokens) == MAX_ACTIVE_TOKENS
    with pytest.raises(ApiTokenError) as caught:
        api_token_create(user=user, name="one more")
    assert caught.value.code == "api_token_limit"
    api_token_revoke(user=user, public_id=str(tokens[0].public_id))
    api_token_create(user=user, name="one more")


def test_last_used_is_written_at_most_once_a_minute(django_assert_num_queries):
    """The first use writes last_used_at; uses within the minute only read;
    a use after the minute writes again."""
    user = UserFactory()
    api_token, token = api_token_create(user=user, name="x")
    with django_assert_num_queries(2):  # read + write
        api_token_authenticate(token=token)
    first = ApiToken.objects.get(pk=api_token.pk).last_used_at
    assert first is not None
    with django_assert_num_queries(1):  # read only
        api_token_authenticate(token=token)
    ApiToken.objects.filter(pk=api_token.pk).update(
        last_used_at=first - dt.timedelta(minutes=2)
    )
    with django_assert_num_queries(2):
        api_token_authenticate(token=token)
    assert ApiToken.objects.get(pk=api_token.pk).last_used_at > first


@pytest.mark.parametrize("token", ["", "chpat_", "wagtail_abc", "chpat_" + "x" * 43])
def test_unknown_tokens_are_refused(token):
    """Anything that is not a stored token authenticates nobody."""
    api_token_create(user=UserFactory(), name="x")
    assert api_token_authenticate(token=token) is None


def test_account_deletion_erases_tokens_and_idempotency_records():
    """Deleting the account removes the resident's tokens and stored answers."""
    user = UserFactory()
    api_token_create(user=user, name="x")
    IdempotencyRecord.objects.create(
        user=user,
        key="k",
        method="POST",
        path="/p",
        fingerprint="f",
        locked_at=timezone.now(),
        expires_at=timezone.now(),
    )
    resident_account_delete(user=user)
    assert not ApiToken.objects.exists()
    assert not IdempotencyRecord.objects.exists()


# --- The account pages ---------------------------------------------------------


def test_account_page_links_to_tokens(client):
    """The account settings section links to the token page."""
    client.force_login(UserFactory())
    content = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("accounts:api_tokens")}"' in content


def test_token_page_creates_and_shows_the_token_once(client):
    """Creating shows the token on the answering page only; the list then
    shows its name and prefix but never the token."""
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:api_tokens")
    response = client.post(url, {"name": "Budget app", "expires_on": ""})
    assert response.status_code == 200
    api_token = ApiToken.objects.get(user=user)
    content = response.content.decode()
    secret = content.split('id="new-token" type="text" readonly value="')[1].split('"')[
        0
    ]
    assert secret.startswith(api_token.prefix)
    assert api_token_authenticate(token=secret) == user
    again = client.get(url).content.decode()
    assert "Budget app" in again and api_token.prefix in again
    assert secret not in again
    assert response["Cache-Control"].startswith("max-age=0")


def test_token_page_refuses_bad_input_and_changes_nothing(client):
    """A missing name and a past date give field errors and create nothing."""
    client.force_login(UserFactory())
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("accounts:api_tokens"), {"name": "", "expires_on": yesterday}
    )
    content = response.content.decode()
    assert 'id="error-summary"' in content
    with translation.override("ja"):  # the page's language here
        message = gettext("The expiry date must be today or later.")
    assert message in content
    assert not ApiToken.objects.exists()


def test_token_page_revokes(client):
    """The revoke button revokes the resident's token and says so."""
    user = UserFactory()
    api_token, token = api_token_create(user=user, name="Budget app")
    client.force_login(user)
    response = client.post(
        reverse("accounts:api_token_revoke", args=[api_token.public_id]), follow=True
    )
    with translation.override("ja"):
        message = gettext('The token "%(name)s" has been revoked.')
    assert escape(message % {"name": "Budget app"}) in response.content.decode()
    assert api_token_authenticate(token=token) is None


def test_another_residents_token_id_is_404(client):
    """Revoking another resident's token by its id answers 404 and keeps it."""
    alice, bob = UserFactory(), UserFactory()
    api_token, token = api_token_create(user=bob, name="bob's")
    client.force_login(alice)
    response = client.post(
        reverse("accounts:api_token_revoke", args=[api_token.public_id])
    )
    assert response.status_code == 404
    assert api_token_authenticate(token=token) == bob


def test_token_page_is_for_residents_only(client):
    """Anonymous visitors go to sign-in; staff to the console."""
    url = reverse("accounts:api_tokens")
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(resolve_url(settings.LOGIN_URL))
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 302
    assert client.post(url, {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()
