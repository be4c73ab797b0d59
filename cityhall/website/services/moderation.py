"""Moderation: the approval workflow, the staff groups' permissions, and the
audited steps of reviewing one revision (approve, reject, restart, publish)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from cityhall.core.models import Role, User
from cityhall.core.models.roles import ROLE_GROUP_NAMES
from cityhall.core.services.audit import audit_log
from cityhall.website.workflows import DepartmentHeadApprovalTask

logger = logging.getLogger(__name__)

#: Names are data (shown in the staff console as entered), kept stable so the
#: service can find what it created before.
WORKFLOW_NAME = "Department head approval"
TASK_NAME = "Department head approval"

# Page permission types (Wagtail's wagtailcore.<type>_page permissions).
PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    # 作成・編集 only: publishing goes through the department head.
    Role.WEB_EDITOR: ("add", "change"),
    # Heads edit (a typo fix while reviewing) and approve through the task.
    Role.DEPARTMENT_HEAD: ("change",),
    Role.SYSTEM_ADMIN: ("add", "change", "publish", "bulk_delete", "lock", "unlock"),
}
COLLECTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.WEB_EDITOR: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
    Role.DEPARTMENT_HEAD: (
        "wagtailimages.choose_image",
        "wagtaildocs.choose_document",
    ),
    Role.SYSTEM_ADMIN: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    ),
}
# Model permissions outside the page tree.
MODEL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.WEB_EDITOR: (
        "wagtailadmin.access_admin",
        "website.add_newscategory",
        "website.change_newscategory",
    ),
    Role.DEPARTMENT_HEAD: ("wagtailadmin.access_admin",),
    Role.SYSTEM_ADMIN: (
        "wagtailadmin.access_admin",
        "website.add_newscategory",
        "website.change_newscategory",
        "website.delete_newscategory",
        "website.change_emergencybanner",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
    ),
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def website_moderation_ensure() -> Workflow:
    """Create the "Department head approval" workflow, attach it to the page tree
    of every locale, and grant the staff groups their console permissions.

    Web editors may add and change pages but not publish; submitting starts the
    workflow, whose task lets the head of the page's division (or a system
    administrator) approve, never the submitter. Department heads may change
    pages; system administrators may do everything. Groups are found or created
    by the names in ``ROLE_GROUP_NAMES``. Safe to call again; returns the workflow.
    """
    task = DepartmentHeadApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = DepartmentHeadApprovalTask.objects.create(name=TASK_NAME)
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )

    # The tree root covers every locale, present and future; each locale's home
    # is assigned too so that the console shows the workflow on each tree.
    tree_root = Page.get_first_root_node()
    for page in [tree_root, *Page.objects.filter(depth=2)]:
        WorkflowPage.objects.update_or_create(
            page=page, defaults={"workflow": workflow}
        )

    root_collection = Collection.get_first_root_node()
    for role, page_types in PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
        for permission_type in page_types:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=tree_root,
                permission=_permission(f"wagtailcore.{permission_type}_page"),
            )
        for dotted in COLLECTION_PERMISSIONS[role]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(dotted)
            )
        group.permissions.add(*[_permission(d) for d in MODEL_PERMISSIONS[role]])
    logger.info("website: moderation workflow and group permissions ensured")
    return workflow


# --- Review of one revision ------------------------------------------------------


def _review_data(task_state: TaskState) -> dict[str, Any]:
    revision = task_state.revision
    return {
        "page": task_state.workflow_state.object_id,
        "revision": revision.pk if revision else None,
        "revision_author": (
            str(revision.user.public_id) if revision and revision.user else None
        ),
        "task_state": task_state.pk,
        "workflow_state": task_state.workflow_state_id,
    }


def _page_of(task_state: TaskState) -> Any:
    return task_state.workflow_state.content_object


def website_review_approved(*, task_state: TaskState, user: User) -> None:
    """Record in the audit trail that ``user`` approved the revision of
    ``task_state`` (課長承認). Called by the task just before it approves."""
    audit_log(
        actor=user,
        action="page.approve",
        target=_page_of(task_state),
        data=_review_data(task_state),
    )


def website_review_rejected(*, task_state: TaskState, user: User) -> None:
    """Record in the audit trail that ``user`` sent the revision of
    ``task_state`` back for changes. Called by the task just before it rejects."""
    audit_log(
        actor=user,
        action="page.reject",
        target=_page_of(task_state),
        data=_review_data(task_state),
    )


@transaction.atomic
def website_review_restart(*, task_state: TaskState, user: User | None) -> TaskState:
    """Put the page of ``task_state`` back under review on its latest revision.

    A change saved during review is content nobody has reviewed: the task state
    for the older revision is cancelled and a new one starts on the latest
    revision, which its author cannot approve. Audited. Returns the new state.
    """
    previous = _review_data(task_state)
    workflow_state = task_state.workflow_state
    task_state.cancel(
        user=user,
        resume=True,
        comment=str(_("The page changed during review; review restarted.")),
    )
    workflow_state.refresh_from_db()
    new_state = workflow_state.current_task_state
    audit_log(
        actor=user,
        action="page.review_restart",
        target=_page_of(task_state),
        data={
            **_review_data(new_state),
            "previous_revision": previous["revision"],
            "previous_task_state": previous["task_state"],
        },
    )
    return new_state


def website_review_restart_if_changed(*, page: Page, user: User | None) -> bool:
    """Restart the approval of ``page`` when it changed after it was submitted.

    Runs after every save in the page editor. True when a review was restarted.
    """
    workflow_state = page.current_workflow_state
    if (
        workflow_state is None
        or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS
    ):
        return False
    task_state = workflow_state.current_task_state
    if (
        task_state is None
        or task_state.status != TaskState.STATUS_IN_PROGRESS
        or not isinstance(task_state.task.specific, DepartmentHeadApprovalTask)
    ):
        return False
    latest_id = (
        Page.objects.filter(pk=page.pk)
        .values_list("latest_revision_id", flat=True)
        .first()
    )
    if latest_id == task_state.revision_id:
        return False
    website_review_restart(task_state=task_state, user=user)
    return True


def website_publish_approved(
    *, workflow_state: WorkflowState, user: User | None
) -> Any:
    """Publish exactly the revision the finished workflow approved, audited.

    The approval is for the revision held by the last task state, never simply
    the latest revision: the task refuses to approve when they differ, and this
    publishes what was approved even so. Department heads hold no publish
    permission; their right to publish comes from the approval, so the
    permission check is skipped. Returns the published revision.
    """
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_APPROVED:
        raise PermissionDenied
    revision = task_state.revision
    revision.publish(user=user, skip_permission_checks=True)
    audit_log(
        actor=user,
        action="page.publish",
        target=workflow_state.content_object,
        data=_review_data(task_state),
    )
    return revision
