"""Writes of the procedure guide: the resident's 手続きナビ checklists."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cityhall.procedures.errors import ProcedureError
from cityhall.procedures.models import ProcedureChecklist
from cityhall.procedures.rules import Answers
from cityhall.procedures.selectors import procedures_for_answers

logger = logging.getLogger(__name__)


def checklist_save(
    *, user: Any, answers: Answers, locale: Locale
) -> ProcedureChecklist:
    """Keep the checklist for ``answers`` in ``user``'s account.

    The procedures are worked out again here from the live pages (never taken
    from the request), and each is stored by its translation key with its
    title in ``locale``. Refuses a checklist on which nothing applies.
    """
    procedures = procedures_for_answers(answers, locale=locale)
    if not procedures:
        raise ProcedureError(
            _("No procedure applies to these answers, so there is nothing to keep."),
            code="nothing_applies",
        )
    with transaction.atomic():
        checklist = ProcedureChecklist.objects.create(
            user=user,
            answers=answers.as_json(),
            items=[
                {"key": str(page.translation_key), "title": page.title}
                for page in procedures
            ],
        )
    logger.info(
        "procedures: checklist %s saved with %d procedures",
        checklist.public_id,
        len(procedures),
    )
    return checklist


def checklist_delete(*, user: Any, public_id: uuid.UUID) -> bool:
    """Delete ``user``'s checklist ``public_id``; False when they have none
    with that id (another resident's included)."""
    deleted, _rows = ProcedureChecklist.objects.filter(
        user=user, public_id=public_id
    ).delete()
    return deleted > 0


def checklists_erase_for_resident(user: Any) -> None:
    """Resident-data eraser: the resident's checklists go with their account."""
    ProcedureChecklist.objects.filter(user=user).delete()
