"""The applications console (/admin/eforms/): who gets in, the department
queue with its query counts, audited detail views, status changes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from cityhall.core.models import AuditRecord, Role
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.tests.factories import (
    DepartmentFactory,
    StaffFactory,
    totp_device_for,
)
from cityhall.eforms.models import Submission
from cityhall.eforms.tests.factories import form_make, processing_staff, submission_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_immediate(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    with translation.override("en"):
        yield


def _verified(client, user):
    role_groups_sync(user=user)
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user


@pytest.fixture
def form():
    return form_make()


@pytest.fixture
def clerk(client, form):
    return _verified(client, processing_staff(form.department))


def test_staff_without_a_processing_role_get_403(client, form):
    """A staff member with no department role is refused."""
    _verified(client, StaffFactory(is_superuser=True))
    assert client.get(reverse("eforms_console:queue")).status_code == 403


def test_queue_shows_only_the_staffs_departments(client, form, clerk):
    """Another department's application is not in the queue."""
    mine = submission_make(form)
    other = submission_make(form_make(slug="other-form"))
    content = client.get(reverse("eforms_console:queue")).content
    assert mine.reference_number.encode() in content
    assert other.reference_number.encode() not in content


def test_department_head_sees_the_divisions_applications(client):
    """A 部長 assignment covers the 課 under it."""
    parent = DepartmentFactory()
    division = DepartmentFactory(municipality=parent.municipality, parent=parent)
    submission = submission_make(form_make(department=division))
    _verified(client, processing_staff(parent, Role.DEPARTMENT_HEAD))
    content = client.get(reverse("eforms_console:queue")).content
    assert submission.reference_number.encode() in content


def _queue_count(client, form, django_assert_num_queries, rows):
    for _ in range(rows):
        submission_make(form)
    client.get(reverse("eforms_console:queue"))  # warm caches
    # Wagtail's admin frame (session, user, OTP device, menus, site) plus
    # roles, divisions, count and page; none per row.
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("eforms_console:queue"))
    assert response.status_code == 200
    return response


QUEUE_QUERIES = 15


def test_queue_query_count_one_row(client, form, clerk, django_assert_num_queries):
    """One application: the same number of queries as for twenty."""
    response = _queue_count(client, form, django_assert_num_queries, 1)
    assert response.content.count(b"/admin/eforms/") >= 1


def test_queue_query_count_twenty_rows(client, form, clerk, django_assert_num_queries):
    """Twenty applications: no query per row."""
    response = _queue_count(client, form, django_assert_num_queries, 20)
    assert response.content.count(b'<td><a href="/admin/eforms/') == 20


def test_detail_is_audited(client, form, clerk):
    """Opening an application leaves an audit record naming the clerk."""
    submission = submission_make(form)
    response = client.get(reverse("eforms_console:detail", args=[submission.public_id]))
    assert response.status_code == 200
    record = AuditRecord.objects.get(action="eforms_submission.view")
    assert (record.actor, record.target_id) == (clerk, str(submission.public_id))


def test_other_departments_application_is_404(client, form, clerk):
    """Detail and status change of another department's application: 404."""
    other = submission_make(form_make(slug="other-form"))
    detail = reverse("eforms_console:detail", args=[other.public_id])
    status = reverse("eforms_console:status", args=[other.public_id])
    assert client.get(detail).status_code == 404
    assert client.post(status, {"status": "in_review"}).status_code == 404


def test_status_change_mails_the_applicant_with_the_reason(
    client, form, clerk, django_capture_on_commit_callbacks
):
    """補正依頼 with a reason: status changes, the applicant gets the reason."""
    submission = submission_make(form)
    url = reverse("eforms_console:status", args=[submission.public_id])
    client.post(url, {"status": "in_review"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"status": "correction_requested", "reason": "Add the phone number."}
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.CORRECTION_REQUESTED
    assert "Add the phone number." in mail.outbox[0].body


def test_rejection_without_reason_shows_the_error(client, form, clerk):
    """却下 without reason: 400 and the reason field's error."""
    submission = submission_make(form)
    response = client.post(
        reverse("eforms_console:status", args=[submission.public_id]),
        {"status": "rejected"},
    )
    assert response.status_code == 400
    assert b'href="#id_reason"' in response.content
