"""Staff console actions for notices: emergency publishing in the editor's
action menu, drafting updates and cancellations, the read-aloud script."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cityhall.core.models import Role
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    totp_code,
    totp_device_for,
)
from cityhall.notices.tests.notice_pages import add_notice, notice_site
from cityhall.website.models import NewsPage, NoticeMessageType, NoticeUrgency

pytestmark = pytest.mark.django_db


def _sign_in(client, *, role: str) -> None:
    user = StaffFactory(is_superuser=role == Role.SYSTEM_ADMIN)
    RoleAssignmentFactory(user=user, role=role)
    role_groups_sync(user=user)
    device = totp_device_for(user)
    client.force_login(user)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})


def test_editor_offers_emergency_publish_and_follow_ups(client):
    """For a system administrator the editor of a published emergency offers
    "Publish emergency now", "Draft an update" and "Draft a cancellation"."""
    _municipality, index = notice_site()
    alert = add_notice(index, urgency=NoticeUrgency.EMERGENCY)
    _sign_in(client, role=Role.SYSTEM_ADMIN)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[alert.pk])).content
    html = html.decode()
    assert 'name="action-emergency-publish"' in html
    assert reverse("notices_follow_up", args=[alert.pk, "update"]) in html
    assert reverse("notices_follow_up", args=[alert.pk, "cancel"]) in html


def test_emergency_publish_from_the_editor(client):
    """Saving with "Publish emergency now" publishes the draft at once."""
    _municipality, index = notice_site()
    draft = add_notice(index, urgency=NoticeUrgency.EMERGENCY, publish=False)
    _sign_in(client, role=Role.SYSTEM_ADMIN)
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    data = nested_form_data(
        {
            "title": draft.title,
            "slug": draft.slug,
            "date": "2025-10-16",
            "lead": "",
            "body": streamfield(
                [("paragraph", rich_text("<p>避難してください。</p>"))]
            ),
            "urgency": "emergency",
            "message_type": "alert",
            "severity": "unknown",
            "certainty": "unknown",
            "action-emergency-publish": "1",
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert NewsPage.objects.get(pk=draft.pk).live


def test_follow_up_view_creates_a_draft_and_opens_the_editor(client):
    """Confirming "Draft a cancellation" creates a draft cancellation of the
    alert and redirects to its editor."""
    _municipality, index = notice_site()
    alert = add_notice(index, urgency=NoticeUrgency.EMERGENCY)
    _sign_in(client, role=Role.SYSTEM_ADMIN)
    url = reverse("notices_follow_up", args=[alert.pk, "cancel"])
    assert client.get(url).status_code == 200
    response = client.post(url)
    draft = NewsPage.objects.get(references=alert)
    assert draft.message_type == NoticeMessageType.CANCEL
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])


def test_console_read_aloud(client):
    """The console shows the read-aloud script of a notice."""
    _municipality, index = notice_site()
    alert = add_notice(index, title="避難指示", lead="10月16日に発令しました。")
    _sign_in(client, role=Role.SYSTEM_ADMIN)
    response = client.get(reverse("notices_console_read_aloud", args=[alert.pk]))
    assert response.status_code == 200
    assert "じゅうがつじゅうろくにちに発令しました。" in response.content.decode()


def test_an_update_without_its_original_is_refused_by_the_editor(client):
    """Saving a notice as an update without naming the notice it updates
    shows the reason on the field and publishes nothing."""
    _municipality, index = notice_site()
    draft = add_notice(index, urgency=NoticeUrgency.EMERGENCY, publish=False)
    _sign_in(client, role=Role.SYSTEM_ADMIN)
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    data = nested_form_data(
        {
            "title": draft.title,
            "slug": draft.slug,
            "date": "2025-10-16",
            "lead": "",
            "body": streamfield([("paragraph", rich_text("<p>更新です。</p>"))]),
            "urgency": "emergency",
            "message_type": "update",
            "severity": "unknown",
            "certainty": "unknown",
            "action-emergency-publish": "1",
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 200
    with translation.override("ja"):  # the editor's language here
        message = gettext(
            "An update or cancellation must name the notice it refers to."
        )
    assert message in response.content.decode()
    assert not NewsPage.objects.get(pk=draft.pk).live
