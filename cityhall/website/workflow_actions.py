"""The action Wagtail runs when a workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail imports this setting while ``wagtail.models`` is being defined, so this
module must not import any models at import time.
"""

from __future__ import annotations


def publish_approved_workflow_state(workflow_state, user=None) -> None:
    """Publish the content of a workflow that has just been approved.

    Wagtail's default finish action publishes as the approving user and so
    requires them to hold the page "publish" permission. Department heads are
    deliberately not given it (they could then publish their own pages without
    review); their right to publish this revision comes from the approval that
    ``DepartmentHeadApprovalTask`` authorised, so the permission check is
    skipped here. Wagtail calls this only from ``WorkflowState.finish``, after
    every task of the workflow approved. Set as WAGTAIL_FINISH_WORKFLOW_ACTION.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
