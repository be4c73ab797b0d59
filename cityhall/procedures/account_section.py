"""The 手続きナビ section of the resident's account page (one query;
registered in ``apps.py`` through ``core.residents.extensions``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext

from cityhall.core.residents.extensions import AccountSection
from cityhall.procedures.selectors import checklist_list_for_user

#: Checklists shown on the account page, newest first.
SHOWN = 5


def checklist_section(user: Any, request: HttpRequest) -> AccountSection:
    """The resident's latest saved checklists with a link to the 手続きナビ."""
    return AccountSection(
        title=gettext("Procedure checklists"),
        template_name="procedures/_account_section.html",
        context={"checklists": list(checklist_list_for_user(user=user, limit=SHOWN))},
    )
