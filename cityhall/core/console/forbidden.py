"""The staff console's refusal page."""

from __future__ import annotations

from typing import Any

from django.template.response import TemplateResponse


def console_forbidden(request: Any) -> TemplateResponse:
    """The console's "no access" page with status 403.

    Wagtail turns PermissionDenied into a redirect to the dashboard; an explicit
    403 tells assistive technology and tests what happened.
    """
    return TemplateResponse(request, "core/staff/console_forbidden.html", status=403)
