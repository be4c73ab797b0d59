"""Staff console hooks of the website app."""

from __future__ import annotations

from wagtail import hooks

from cityhall.website.services.moderation import website_review_restart_if_changed


@hooks.register("after_edit_page")
def restart_review_after_change(request, page) -> None:
    """A change saved while the page is under review puts the new revision
    under review (the task would refuse to approve the old one anyway)."""
    website_review_restart_if_changed(page=page, user=request.user)
