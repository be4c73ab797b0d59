"""Moderation: a page is published only after the head of its division approves.

``DepartmentHeadApprovalTask`` is a Wagtail workflow task whose approvers are not a
fixed group but whoever ``cityhall.core.permissions.can_approve`` allows for the
page's responsible division (担当課) today: the 課長 of that division or the 部長
above it, or a system administrator, and never the person who submitted it.
Group membership alone is not enough because groups lag behind role changes.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from cityhall.core.permissions import can_approve


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

    def user_may_approve(self, obj, user) -> bool:
        """True when ``user`` may approve ``obj`` at this task right now."""
        page = getattr(obj, "specific", obj)
        department_of = getattr(page, "responsible_department", None)
        department = department_of() if callable(department_of) else None
        workflow_state = obj.current_workflow_state
        submitted_by = workflow_state.requested_by if workflow_state else None
        if not can_approve(user, department=department, submitted_by=submitted_by):
            return False
        # The author of the revision under review cannot approve it either, even
        # when a colleague pressed "submit" on their behalf.
        task_state = workflow_state.current_task_state if workflow_state else None
        revision = task_state.revision if task_state else None
        return not (revision is not None and revision.user_id == user.pk)

    def user_can_access_editor(self, obj, user):
        return self.user_may_approve(obj, user)

    def locked_for_user(self, obj, user):
        # Approvers may still fix a typo before approving; others wait.
        return not self.user_may_approve(obj, user)

    def get_actions(self, obj, user):
        if not self.user_may_approve(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs) -> QuerySet:
        states = self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS
        ).select_related("workflow_state", "revision")
        allowed = [
            state.pk
            for state in states
            if (obj := state.workflow_state.content_object) is not None
            and self.user_may_approve(obj, user)
        ]
        return TaskState.objects.filter(pk__in=allowed)
