"""Moderation: editors submit, the head of the page's division approves."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cityhall.core.models import AuditRecord, Role
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
from cityhall.website.workflow_actions import publish_approved_workflow_state

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


def edit_post(
    client, page, action: str | None, *, lead: str = "改訂", body_html=None, extra=None
):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "lead": lead,
            "body": streamfield([("paragraph", rich_text(body_html or "<p>本文</p>"))]),
            "department": "",
            "comments": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
            **({action: action} if action else {}),
            **(extra or {}),
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


# --- An approval is for the revision that was submitted ----------------------------


@pytest.fixture
def in_review(client, setup):
    """A live page whose editor submitted a change ("改訂") for review."""
    tree, _draft = setup
    page = add_page(
        tree.sections[0], ArticlePage, title="公開中", slug="live", lead="元"
    )
    editor = staff_member(Role.WEB_EDITOR, tree.division)
    sign_in(client, editor)
    edit_post(client, page, "action-submit")
    page.refresh_from_db()
    submitted = page.latest_revision
    head = staff_member(Role.DEPARTMENT_HEAD, tree.division)
    return tree, page, editor, head, submitted


def current_task_state(page) -> TaskState:
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def assert_back_in_review_by_other_than(page, author, client) -> None:
    """The page is still in review, on ``author``'s latest revision, and
    ``author`` can approve it neither through the actions nor by posting."""
    page.refresh_from_db()
    state = current_task_state(page)
    assert state.revision_id == page.latest_revision_id
    assert state.revision.user == author
    task = state.task.specific
    assert task.get_actions(page, author) == []
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/", {"comment": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert current_task_state(page).pk == state.pk


def test_approver_edit_and_approve_in_one_request_does_not_publish(client, in_review):
    """A head who posts edited content together with "approve" in one request
    publishes nothing: the page goes back to review on the head's revision."""
    _tree, page, _editor, head, submitted = in_review
    sign_in(client, head)
    response = edit_post(
        client,
        page,
        "action-workflow-action",
        lead="課長の書き換え",
        extra={"workflow-action-name": "approve"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live_revision.content["lead"] == "元"
    assert ArticlePage.objects.get(pk=page.pk).lead == "元"
    assert page.latest_revision.content["lead"] == "課長の書き換え"
    assert page.latest_revision.user == head
    assert WorkflowState.objects.get(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    assert TaskState.objects.get(revision=submitted).status == (
        TaskState.STATUS_CANCELLED
    )
    assert_back_in_review_by_other_than(page, head, client)


def test_approver_edit_then_approve_in_two_requests_does_not_publish(client, in_review):
    """A head who saves an edit and then approves publishes nothing either: the
    save alone puts the page back to review on the head's revision."""
    _tree, page, _editor, head, _submitted = in_review
    sign_in(client, head)
    response = edit_post(client, page, None, lead="課長の書き換え")
    assert response.status_code == 302
    page.refresh_from_db()
    assert current_task_state(page).revision_id == page.latest_revision_id
    assert_back_in_review_by_other_than(page, head, client)
    page.refresh_from_db()
    assert page.live_revision.content["lead"] == "元"
    assert ArticlePage.objects.get(pk=page.pk).lead == "元"


def test_stale_approval_restarts_the_review(client, in_review):
    """A revision saved outside the editor during review (no restart ran) is
    caught at approval: the approval restarts the review instead of publishing."""
    _tree, page, editor, head, submitted = in_review
    later = ArticlePage.objects.get(pk=page.pk)
    later.lead = "後の下書き"
    later.save_revision(user=editor)
    sign_in(client, head)
    state = current_task_state(page)
    assert state.revision_id == submitted.pk
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/", {"comment": ""}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live_revision.content["lead"] == "元"
    restarted = current_task_state(page)
    assert restarted.revision_id == page.latest_revision_id != submitted.pk
    assert AuditRecord.objects.filter(
        action="page.review_restart", target_id=str(page.pk), actor=head
    ).exists()


def test_someone_else_approves_the_approvers_change(client, in_review):
    """After a head's change, another approver (a system administrator) may
    approve, and exactly the head's reviewed revision is published."""
    _tree, page, _editor, head, _submitted = in_review
    sign_in(client, head)
    edit_post(client, page, None, lead="課長の書き換え")
    page.refresh_from_db()
    heads_revision = page.latest_revision
    admin = staff_member(Role.SYSTEM_ADMIN, None)
    sign_in(client, admin)
    response = approve(client, page)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live_revision == heads_revision
    assert ArticlePage.objects.get(pk=page.pk).lead == "課長の書き換え"


def test_untouched_approval_publishes_exactly_the_submitted_revision(client, in_review):
    """Approving an untouched submission publishes the submitted revision itself
    and records the approval and the publication in the audit trail."""
    _tree, page, editor, head, submitted = in_review
    sign_in(client, head)
    response = approve(client, page)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live_revision == submitted
    assert ArticlePage.objects.get(pk=page.pk).lead == "改訂"
    for action in ("page.approve", "page.publish"):
        record = AuditRecord.objects.get(action=action, target_id=str(page.pk))
        assert record.actor == head
        assert record.data["revision"] == submitted.pk
        assert record.data["revision_author"] == str(editor.public_id)


def test_finish_action_publishes_the_approved_revision_not_a_later_draft(in_review):
    """The finish action publishes the revision the task approved even when a
    later draft exists."""
    _tree, page, editor, head, submitted = in_review
    state = current_task_state(page)
    state.approve(user=head, update=False)
    later = ArticlePage.objects.get(pk=page.pk)
    later.lead = "後の下書き"
    later.save_revision(user=editor)
    workflow_state = state.workflow_state
    workflow_state.current_task_state = state
    publish_approved_workflow_state(workflow_state, user=head)
    page.refresh_from_db()
    assert page.live_revision == submitted
    assert ArticlePage.objects.get(pk=page.pk).lead == "改訂"


def test_rejection_is_audited(client, in_review):
    """Requesting changes is recorded with the approver, page and revision."""
    _tree, page, _editor, head, submitted = in_review
    sign_in(client, head)
    state = current_task_state(page)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{state.pk}/",
        {"comment": "直してください"},
    )
    assert response.status_code == 302
    record = AuditRecord.objects.get(action="page.reject", target_id=str(page.pk))
    assert record.actor == head
    assert record.data["revision"] == submitted.pk
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == (
        WorkflowState.STATUS_NEEDS_CHANGES
    )


# --- The dashboard's "Awaiting your review" panel -----------------------------------


@pytest.mark.parametrize("rows", [1, 20])
def test_awaiting_review_panel_query_count(client, django_assert_num_queries, rows):
    """The head's dashboard lists every page awaiting their review in the same
    number of queries at 1 and at 20 pages."""
    tree = build_site()
    workflow = website_moderation_ensure()
    editor = staff_member(Role.WEB_EDITOR, tree.division)
    head = staff_member(Role.DEPARTMENT_HEAD, tree.division)
    titles = [f"審査待ち{i}" for i in range(rows)]
    for index, title in enumerate(titles):
        page = add_page(
            tree.sections[0], ArticlePage, publish=False, title=title, slug=f"r{index}"
        )
        page.save_revision(user=editor)
        workflow.start(page, editor)
    sign_in(client, head)
    assert client.get("/admin/").status_code == 200
    # 38: a department head may be 会計課 staff, so the payments menu reads the
    # payment settings once per page.
    with django_assert_num_queries(38):
        response = client.get("/admin/")
    html = response.content.decode()
    assert "Awaiting your review" in html or "awaiting-review" in html
    for title in titles:
        assert title in html
    # Each row offers the head the approval actions.
    assert html.count("/approve/") == 2 * rows


def test_approving_in_the_editor_without_changes_publishes(client, in_review):
    """The approve button of the editor, with the submitted content unchanged
    (the browser posts back each block's id), publishes the submitted revision."""
    _tree, page, _editor, head, submitted = in_review
    body = submitted.content["body"]
    blocks = json.loads(body) if isinstance(body, str) else body
    sign_in(client, head)
    response = edit_post(
        client,
        page,
        "action-workflow-action",
        lead="改訂",
        body_html=blocks[0]["value"],
        extra={"workflow-action-name": "approve", "body-0-id": blocks[0]["id"]},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live_revision == submitted
    assert ArticlePage.objects.get(pk=page.pk).lead == "改訂"
