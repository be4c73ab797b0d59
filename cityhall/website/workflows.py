"""Moderation: a page is published only after the head of its division approves.

``DepartmentHeadApprovalTask`` is a Wagtail workflow task whose approvers are not a
fixed group but whoever ``cityhall.core.permissions.can_approve`` allows for the
page's responsible division (担当課) today: the 課長 of that division or the 部長
above it, or a system administrator, and never the person who submitted it.
Group membership alone is not enough because groups lag behind role changes.

An approval is for one revision. The task state records the revision under
review; an approval publishes exactly that revision, and only while it is still
the page's latest one. Any change made during review, by anybody, the approver
included, restarts the task on the new revision, which then needs an approver
other than its author (see ``cityhall.website.services.moderation``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState, WorkflowState

from cityhall.core.permissions import can_approve


def _latest_revision_user_id(obj: Any) -> int | None:
    latest = getattr(obj, "latest_revision", None)
    return latest.user_id if latest is not None else None


class DepartmentHeadApprovalTask(Task):
    """Approval by the head of the page's responsible division (課長承認)."""

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("Department head approval task")
        verbose_name_plural = _("Department head approval tasks")

    @classmethod
    def get_description(cls):
        return _(
            "The head of the page's responsible division approves; nobody approves "
            "their own submission."
        )

    def user_may_approve(
        self, obj, user, *, task_state: TaskState | None = None
    ) -> bool:
        """True when ``user`` may approve ``obj`` at this task right now.

        ``task_state`` is the state under review; without it, the object's
        current one is looked up.
        """
        page = getattr(obj, "specific", obj)
        department_of = getattr(page, "responsible_department", None)
        department = department_of() if callable(department_of) else None
        if task_state is None:
            workflow_state = obj.current_workflow_state
            task_state = workflow_state.current_task_state if workflow_state else None
        else:
            workflow_state = task_state.workflow_state
        # Nobody approves their own submission (compared by id: no user fetch).
        if workflow_state is not None and workflow_state.requested_by_id == user.pk:
            return False
        if not can_approve(user, department=department, submitted_by=None):
            return False
        # The author of the revision under review cannot approve it either, even
        # when a colleague pressed "submit" on their behalf; nor can the author of
        # a later change that is waiting to be put under review.
        authors = {_latest_revision_user_id(obj)}
        if task_state is not None and task_state.revision_id is not None:
            authors.add(task_state.revision.user_id)
        return user.pk not in authors

    def user_can_access_editor(self, obj, user):
        return self.user_may_approve(obj, user)

    def locked_for_user(self, obj, user):
        # Approvers may still fix a typo before approving (which puts the page
        # back under review by someone else); others wait.
        return not self.user_may_approve(obj, user)

    def get_actions(self, obj, user):
        if not self.user_may_approve(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        """Approve or reject ``task_state``, for the revision it holds only.

        Wagtail's edit view saves the form (a new revision when the content
        changed) before running the action, and a change may also have been
        saved in an earlier request. Approval then would publish content nobody
        else reviewed, so instead the task restarts on the latest revision.
        """
        from cityhall.website.services.moderation import (
            website_review_approved,
            website_review_rejected,
            website_review_restart,
        )

        # Serialise actions on one workflow: two approvers clicking at once
        # must not both act on the same task state.
        WorkflowState.objects.select_for_update().filter(
            pk=task_state.workflow_state_id
        ).first()
        task_state.refresh_from_db()
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied
        obj = task_state.workflow_state.content_object
        obj.refresh_from_db(fields=["latest_revision"])
        if (
            action_name == "approve"
            and obj.latest_revision_id != task_state.revision_id
        ):
            website_review_restart(task_state=task_state, user=user)
            return None
        if not self.user_may_approve(obj, user, task_state=task_state):
            raise PermissionDenied
        comment = kwargs.get("comment", "")
        if action_name == "approve":
            website_review_approved(task_state=task_state, user=user)
            task_state.approve(user=user, comment=comment)
        elif action_name == "reject":
            website_review_rejected(task_state=task_state, user=user)
            task_state.reject(user=user, comment=comment)
        return None

    def get_task_states_user_can_moderate(self, user, **kwargs) -> QuerySet:
        """The in-progress task states of this task that ``user`` may approve.

        Loads every page under review with what ``user_may_approve`` reads in a
        fixed number of queries; the role checks are answered from the user's
        roles, which are loaded once per request.
        """
        from cityhall.website.selectors import responsible_departments_memoise

        states = [
            state
            for state in self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
            .select_related("workflow_state", "revision")
            .prefetch_related(
                "revision__content_object",
                "revision__content_object__latest_revision",
            )
            if state.revision is not None and state.revision.content_object is not None
        ]
        objects = [state.revision.content_object for state in states]
        responsible_departments_memoise(
            [obj for obj in objects if hasattr(obj, "responsible_department")]
        )
        allowed = []
        for state, obj in zip(states, objects, strict=True):
            # What Wagtail would otherwise query for each object.
            obj._current_workflow_states = [state.workflow_state]
            if state.workflow_state.current_task_state_id == state.pk:
                state.workflow_state.current_task_state = state
            if self.user_may_approve(obj, user, task_state=state):
                allowed.append(state.pk)
        return TaskState.objects.filter(pk__in=allowed)
