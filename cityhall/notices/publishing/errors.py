"""Errors of notice publishing, each with a stable code."""

from __future__ import annotations

from cityhall.common.errors import ApplicationError


class NoticePublishError(ApplicationError):
    """An expected failure of publishing a notice or drafting a follow-up.

    Codes in use: ``permission_denied``, ``not_emergency``, ``not_a_notice``,
    ``cannot_follow_up``, ``invalid_message_type``, ``no_revision``.
    """

    code = "notice_publish_error"
