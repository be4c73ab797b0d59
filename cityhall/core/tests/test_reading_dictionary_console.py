"""Staff console for the furigana reading dictionary: who, what, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cityhall.common.models import ReadingEntry
from cityhall.core.models import AuditRecord, Role
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    totp_device_for,
)

pytestmark = pytest.mark.django_db
NO_PASSWORD = "!"


def _signed_in(client, role: str):
    user = StaffFactory(password=NO_PASSWORD)
    RoleAssignmentFactory(user=user, role=role)
    role_groups_sync(user=user)
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user


def test_web_editor_adds_edits_and_deletes_entries_audited(client):
    """Add, change and delete go through the services and are audited."""
    editor = _signed_in(client, Role.WEB_EDITOR)
    response = client.post(
        reverse("reading_dictionary:add"),
        {"surface": "蛇尾川", "reading": "サビガワ", "note": "river"},
    )
    assert response.status_code == 302
    entry = ReadingEntry.objects.get(surface="蛇尾川")
    assert entry.reading == "さびがわ"
    assert entry.source == ReadingEntry.Source.STAFF
    response = client.post(
        reverse("reading_dictionary:edit", args=[entry.pk]),
        {"surface": "蛇尾川", "reading": "さびかわ", "note": ""},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.reading == "さびかわ"
    response = client.post(reverse("reading_dictionary:delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not ReadingEntry.objects.exists()
    actions = list(
        AuditRecord.objects.filter(actor=editor)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "reading_entry.create",
        "reading_entry.update",
        "reading_entry.delete",
    ]


def test_bad_reading_is_shown_and_changes_nothing(client):
    """Latin letters as a reading: the form says why, nothing is stored."""
    _signed_in(client, Role.WEB_EDITOR)
    response = client.post(
        reverse("reading_dictionary:add"),
        {"surface": "箒川", "reading": "houki", "note": ""},
    )
    assert response.status_code == 200
    with translation.override("ja"):  # the console's language here
        message = gettext("The reading must be written in hiragana or katakana only.")
    assert message in response.content.decode()
    assert not ReadingEntry.objects.exists()
    assert not AuditRecord.objects.filter(action__startswith="reading_entry").exists()


def test_general_staff_cannot_open_the_dictionary(client):
    """Only web editors and system administrators may edit readings."""
    _signed_in(client, Role.GENERAL_STAFF)
    response = client.get(reverse("reading_dictionary:index"))
    assert response.status_code in (302, 403)
    response = client.post(
        reverse("reading_dictionary:add"), {"surface": "箒川", "reading": "ほうきがわ"}
    )
    assert response.status_code in (302, 403)
    assert not ReadingEntry.objects.exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_list_query_count(client, django_assert_num_queries, rows):
    """The list runs the same number of queries at 1 and at 20 rows."""
    _signed_in(client, Role.SYSTEM_ADMIN)
    ReadingEntry.objects.bulk_create(
        ReadingEntry(surface=f"地名{i}", reading="ちめい", source="postal")
        for i in range(rows)
    )
    url = reverse("reading_dictionary:index")
    assert client.get(url).status_code == 200
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == rows
