"""The documented extension point between Wagtail publishing and notices.

Wagtail publishes pages from several places (the editor, the approval
workflow's last step, scheduled publishing by ``publish_scheduled``, emergency
publishing); ``page_published`` is the one moment they share, so delivery is
started from there (CONVENTIONS.md allows signals for documented extension
points). See docs/notices.md.
"""

from __future__ import annotations

from wagtail.signals import page_published

from cityhall.website.models import NewsPage

DISPATCH_UID = "notices-publishing-page-published"


def _published(sender, instance, **kwargs) -> None:
    from cityhall.notices.publishing.services import notice_published

    notice_published(page_id=instance.pk)


def connect() -> None:
    """Connect the receiver (called once from ``NoticesConfig.ready``)."""
    page_published.connect(_published, sender=NewsPage, dispatch_uid=DISPATCH_UID)
