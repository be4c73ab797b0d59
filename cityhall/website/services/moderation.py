"""Moderation set-up: the approval workflow and the staff groups' permissions."""

from __future__ import annotations

import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cityhall.core.models import Role
from cityhall.core.models.roles import ROLE_GROUP_NAMES
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
