"""Apps above core take part in resident accounts through registries, not imports."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from cityhall.core.models import ResidentProfile, User
from cityhall.core.residents import extensions
from cityhall.core.residents.extensions import AccountSection
from cityhall.core.residents.services import resident_account_delete
from cityhall.core.tests.factories import ResidentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def registries(monkeypatch):
    """Registrations made by a test vanish after it."""
    monkeypatch.setattr(extensions, "_erasers", dict(extensions._erasers))
    monkeypatch.setattr(
        extensions, "_section_providers", dict(extensions._section_providers)
    )


@pytest.fixture
def core_sections(monkeypatch):
    """Only core's own account section, whatever apps above core register
    (they test their sections' queries themselves)."""
    monkeypatch.setattr(
        extensions,
        "_section_providers",
        {"core": extensions._section_providers["core"]},
    )


def test_registered_eraser_runs_inside_the_deletion_transaction():
    """An app's eraser gets the user while the user row still exists, inside
    the service's transaction."""
    profile = ResidentProfileFactory()
    seen = []

    def erase(user: User) -> None:
        seen.append(
            (
                user.pk,
                connection.in_atomic_block,
                User.objects.filter(pk=user.pk).exists(),
            )
        )

    extensions.resident_data_eraser_register("bookings", erase)
    resident_account_delete(user=profile.user)
    assert seen == [(profile.user.pk, True, True)]
    assert not User.objects.filter(pk=profile.user.pk).exists()


def test_failing_eraser_rolls_the_deletion_back():
    """If an app cannot erase its data, nothing is deleted at all."""
    profile = ResidentProfileFactory()

    def refuse(user: User) -> None:
        raise RuntimeError("bookings could not be anonymised")

    extensions.resident_data_eraser_register("bookings", refuse)
    with pytest.raises(RuntimeError):
        resident_account_delete(user=profile.user)
    assert User.objects.filter(pk=profile.user.pk).exists()
    assert ResidentProfile.objects.filter(pk=profile.pk).exists()


def test_higher_apps_erase_before_lower_ones():
    """Erasers run last-registered first: an app above core (registered later)
    erases while core's profile is still there."""
    profile = ResidentProfileFactory()
    order = []
    extensions.resident_data_eraser_register(
        "payments",
        lambda user: order.append(
            ("payments", ResidentProfile.objects.filter(user=user).exists())
        ),
    )
    resident_account_delete(user=profile.user)
    assert order == [("payments", True)]
    assert not ResidentProfile.objects.filter(pk=profile.pk).exists()


def test_registered_section_is_rendered_on_the_account_page(client, core_sections):
    """A provider gets the user and the request; its section is shown with its
    title, and a provider returning None adds nothing."""
    profile = ResidentProfileFactory()
    calls = []

    def bookings(user: User, request) -> AccountSection:
        calls.append((user.pk, request.path))
        return AccountSection(
            title="Your bookings",
            template_name="core/residents/_account_settings.html",
        )

    extensions.account_section_register("bookings", bookings)
    extensions.account_section_register("nothing", lambda user, request: None)
    client.force_login(profile.user)
    content = client.get(reverse("accounts:profile")).content.decode()
    assert calls == [(profile.user.pk, reverse("accounts:profile"))]
    assert "Your bookings</h2>" in content
    assert content.count("<section") == 4  # e-mail, details, settings, bookings


def test_account_page_query_count(client, django_assert_num_queries, core_sections):
    """The account page with core's sections costs three queries (session,
    user, profile), leaving apps' section providers room within ten."""
    profile = ResidentProfileFactory()
    client.force_login(profile.user)
    client.get(reverse("accounts:profile"))  # warm per-process caches
    with django_assert_num_queries(3):
        assert client.get(reverse("accounts:profile")).status_code == 200
