"""Staff console hooks of the website app: moderation."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from cityhall.website.moderation_panel import ApprovalsAwaitingReviewPanel
from cityhall.website.services.moderation import website_review_restart_if_changed


@hooks.register("after_edit_page")
def restart_review_after_change(request, page) -> None:
    """A change saved while the page is under review puts the new revision
    under review (the task would refuse to approve the old one anyway)."""
    website_review_restart_if_changed(page=page, user=request.user)


@hooks.register("construct_homepage_panels")
def approvals_panel_in_fixed_queries(request, panels) -> None:
    """Replace Wagtail's "Awaiting your review" panel with ours (same template,
    context loaded in a fixed number of queries)."""
    for index, panel in enumerate(panels):
        if isinstance(panel, WorkflowObjectsToModeratePanel):
            panels[index] = ApprovalsAwaitingReviewPanel()
