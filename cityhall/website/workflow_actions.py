"""The action Wagtail runs when a workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail imports this setting while ``wagtail.models`` is being defined, so this
module must not import any models at import time.
"""

from __future__ import annotations


def publish_approved_workflow_state(workflow_state, user=None) -> None:
    """Publish the revision that the just-finished workflow approved.

    Wagtail's default finish action publishes the latest revision as the
    approving user and so requires them to hold the page "publish" permission.
    Department heads deliberately lack it, and the latest revision may not be
    the one approved; ``website_publish_approved`` publishes exactly the
    approved revision and audits it. Wagtail calls this only from
    ``WorkflowState.finish``, after every task of the workflow approved.
    """
    from cityhall.website.services.moderation import website_publish_approved

    website_publish_approved(workflow_state=workflow_state, user=user)
