"""The dashboard's "Awaiting your review" panel, loaded in a fixed number of queries.

Wagtail's own panel asks, for each page under review, for its workflow state,
its task, its tasks' statuses and (through our task) its responsible division
and the approver's roles: about fifteen queries a page. This panel loads the
same context for every page at once; the template is Wagtail's.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, Task, TaskState, WorkflowTask

from cityhall.website.selectors import responsible_departments_memoise


def _workflow_tasks_by_state(states: list[TaskState]) -> dict[int, list[Task]]:
    """Each workflow state's tasks with their latest status, as Wagtail's
    ``WorkflowState.all_tasks_with_status`` returns them, in two queries."""
    workflow_ids = {state.workflow_state.workflow_id for state in states}
    tasks_of_workflow: dict[int, list[Task]] = defaultdict(list)
    for link in (
        WorkflowTask.objects.filter(workflow_id__in=workflow_ids)
        .select_related("task")
        .order_by("sort_order")
    ):
        tasks_of_workflow[link.workflow_id].append(link.task)
    latest_status: dict[tuple[int, int], str] = {}
    for workflow_state_id, task_id, status in (
        TaskState.objects.filter(
            workflow_state_id__in={state.workflow_state_id for state in states}
        )
        .order_by("started_at", "id")
        .values_list("workflow_state_id", "task_id", "status")
    ):
        latest_status[(workflow_state_id, task_id)] = status
    labels = dict(TaskState.STATUS_CHOICES)
    result: dict[int, list[Task]] = {}
    for state in states:
        tasks = []
        for task in tasks_of_workflow[state.workflow_state.workflow_id]:
            copy = Task(pk=task.pk, name=task.name, active=task.active)
            copy.status = latest_status.get((state.workflow_state_id, task.pk))
            copy.status_display = labels.get(copy.status, _("Not started"))
            tasks.append(copy)
        result[state.workflow_state_id] = tasks
    return result


class ApprovalsAwaitingReviewPanel(WorkflowObjectsToModeratePanel):
    """Pages (and snippets) whose current task the user may act on."""

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        request = parent_context["request"]
        context = Component.get_context_data(self, parent_context)
        context["states"] = []
        context["request"] = request
        context["csrf_token"] = parent_context["csrf_token"]
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context

        states = list(
            TaskState.objects.reviewable_by(request.user)
            .select_related(
                "revision",
                "revision__user",
                "workflow_state",
                "workflow_state__workflow",
            )
            .prefetch_related(
                "revision__content_object",
                "revision__content_object__latest_revision",
            )
            .order_by("-started_at")
            .annotate(
                previous_revision_id=Revision.objects.previous_revision_id_subquery()
            )
        )
        states = [state for state in states if state.revision.content_object]
        tasks = Task.objects.filter(pk__in={s.task_id for s in states}).specific()
        specific_tasks = {task.pk: task for task in tasks}
        objects = [state.revision.content_object for state in states]
        responsible_departments_memoise(
            [obj for obj in objects if hasattr(obj, "responsible_department")]
        )
        workflow_tasks = _workflow_tasks_by_state(states)

        for state, obj in zip(states, objects, strict=True):
            state.task = specific_tasks[state.task_id]
            workflow_state = state.workflow_state
            if workflow_state.current_task_state_id == state.pk:
                workflow_state.current_task_state = state
            # Wagtail reads this instead of querying the object's workflow state.
            obj._current_workflow_states = [workflow_state]
            is_page = isinstance(obj, Page)
            if is_page:
                action_url, preview_url, compare_url = (
                    "wagtailadmin_pages:workflow_action",
                    "wagtailadmin_pages:workflow_preview",
                    "wagtailadmin_pages:revisions_compare",
                )
            else:
                viewset = obj.snippet_viewset
                action_url = viewset.get_url_name("workflow_action")
                preview_url = viewset.get_url_name("workflow_preview")
                compare_url = viewset.get_url_name("revisions_compare")
            if not getattr(obj, "is_previewable", False):
                preview_url = None
            context["states"].append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "previous_revision_id": state.previous_revision_id,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": state.task.get_actions(obj, request.user),
                    "workflow_tasks": workflow_tasks[state.workflow_state_id],
                    "workflow_action_url_name": action_url,
                    "workflow_preview_url_name": preview_url,
                    "revisions_compare_url_name": compare_url,
                }
            )
        return context
