"""Moderation: editors submit, the head of the page's division approves."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cityhall.core.models import Role
from cityhall.core.models.roles import ROLE_GROUP_NAMES
from cityhall.core.tests.factories import (
    DepartmentFactory,
    RoleAssignmentFactory,
    StaffFactory,
    totp_device_for,
)
from cityhall.website.models import ArticlePage
from cityhall.website.services import website_moderation_ensure
from cityhall.website.tests.factories import add_page, build_site

pytestmark = pytest.mark.django_db


def staff_member(role: str, department) -> object:
    """A staff user holding ``role`` in ``department``, in the role's group."""
    user = StaffFactory()
    RoleAssignmentFactory(user=user, role=role, department=department)
    user.groups.add(Group.objects.get(name=ROLE_GROUP_NAMES[role]))
    return user


def sign_in(client, user) -> None:
    """Sign in to the staff console with a verified second factor."""
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@pytest.fixture
def setup():
    tree = build_site()
    website_moderation_ensure()
    draft = add_page(
        tree.sections[0], ArticlePage, publish=False, title="下書き", slug="draft"
    )
    return tree, draft


def edit_post(client, page, action: str):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "lead": "改訂",
            "body": streamfield([("paragraph", rich_text("<p>本文</p>"))]),
            "department": "",
            "comments": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
            action: action,
        }
    )
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def approve(client, page):
    page.refresh_from_db()
    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/", {"comment": ""}
    )


def test_web_editor_cannot_publish(client, setup):
    """An editor's "publish" is saved as a draft: the page stays not live."""
    tree, draft = setup
    sign_in(client, staff_member(Role.WEB_EDITOR, tree.division))
    response = edit_post(client, draft, "action-publish")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert draft.get_latest_revision().content["lead"] == "改訂"


def test_submitting_starts_the_workflow(client, setup):
    """Submitting for moderation starts the department head approval workflow."""
    tree, draft = setup
    sign_in(client, staff_member(Role.WEB_EDITOR, tree.division))
    edit_post(client, draft, "action-submit")
    state = WorkflowState.objects.get(object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Department head approval"


def test_head_of_the_division_approves_and_page_goes_live(client, setup):
    """The head of the page's division approves: live, with a new revision."""
    tree, draft = setup
    revisions_before = draft.revisions.count()
    editor = staff_member(Role.WEB_EDITOR, tree.division)
    sign_in(client, editor)
    edit_post(client, draft, "action-submit")
    head = staff_member(Role.DEPARTMENT_HEAD, tree.division)
    sign_in(client, head)
    response = approve(client, draft)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert draft.revisions.count() == revisions_before + 1
    assert draft.live_revision.user == editor
    assert PageLogEntry.objects.filter(
        page=draft, action="wagtail.publish", user=head
    ).exists()
    assert WorkflowState.objects.get(object_id=str(draft.pk)).status == (
        WorkflowState.STATUS_APPROVED
    )


def test_head_cannot_approve_own_submission(client, setup):
    """A head who submitted the page cannot approve it."""
    tree, draft = setup
    head = staff_member(Role.DEPARTMENT_HEAD, tree.division)
    sign_in(client, head)
    edit_post(client, draft, "action-submit")
    assert WorkflowState.objects.filter(object_id=str(draft.pk)).exists()
    response = approve(client, draft)
    # Wagtail answers a PermissionDenied in the console with a redirect home.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    draft.refresh_from_db()
    assert not draft.live


def test_head_of_another_division_cannot_approve(client, setup):
    """A head of an unrelated division is refused and the page stays a draft."""
    tree, draft = setup
    sign_in(client, staff_member(Role.WEB_EDITOR, tree.division))
    edit_post(client, draft, "action-submit")
    other_division = DepartmentFactory(municipality=tree.division.municipality)
    sign_in(client, staff_member(Role.DEPARTMENT_HEAD, other_division))
    response = approve(client, draft)
    # Wagtail answers a PermissionDenied in the console with a redirect home.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    draft.refresh_from_db()
    assert not draft.live


def test_moderation_ensure_is_idempotent_and_covers_every_tree(setup):
    """Running the service twice keeps one workflow, on the root and each home."""
    website_moderation_ensure()
    root = Page.get_first_root_node()
    assert root.get_workflow().name == "Department head approval"
    assert Page.objects.filter(depth=2).first().get_workflow() is not None
    editors = Group.objects.get(name=ROLE_GROUP_NAMES[Role.WEB_EDITOR])
    codenames = set(
        editors.page_permissions.values_list("permission__codename", flat=True)
    )
    assert codenames == {"add_page", "change_page"}
