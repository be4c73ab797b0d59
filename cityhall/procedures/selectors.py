"""Reads of the procedure guide: lists for its pages, the 手続きナビ result and
the resident's saved checklists (always scoped to their owner)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from wagtail.models import Locale

from cityhall.procedures.models import (
    LifeEventPage,
    LifeEventProcedure,
    ProcedureChecklist,
    ProcedureIndexPage,
    ProcedurePage,
)
from cityhall.procedures.rules import Answers, procedure_applies, rules_from_stream
from cityhall.website.selectors import public_pages


@dataclass(frozen=True)
class ListedProcedure:
    """A procedure as a list shows it: the page in the reader's language (None
    when it is no longer published) and the title to show."""

    title: str
    page: ProcedurePage | None
    note: str = ""


def guide_index_lists(index: ProcedureIndexPage) -> dict[str, Any]:
    """The guide's life events and procedures, in the editors' tree order."""
    return {
        "life_events": public_pages(LifeEventPage.objects.child_of(index).live()),
        "procedures": public_pages(ProcedurePage.objects.child_of(index).live()),
    }


def procedures_of_life_event(page: LifeEventPage) -> list[ListedProcedure]:
    """The procedures ``page`` lists, in its order, each in the page's language.

    Links may name the procedure in any language (an untranslated copy of the
    life event keeps its links to the Japanese pages): each is resolved to the
    live version in the life event's locale through the translation key. Two
    queries.
    """
    links = list(
        LifeEventProcedure.objects.filter(page=page)
        .select_related("procedure")
        .order_by("sort_order", "pk")
    )
    localized = {
        procedure.translation_key: procedure
        for procedure in public_pages(
            ProcedurePage.objects.live().filter(
                locale_id=page.locale_id,
                translation_key__in=[link.procedure.translation_key for link in links],
            )
        )
    }
    listed = []
    for link in links:
        found = localized.get(link.procedure.translation_key)
        if found is not None:
            listed.append(
                ListedProcedure(title=found.title, page=found, note=link.note)
            )
    return listed


def life_events_of_procedure(procedure: ProcedurePage) -> QuerySet[LifeEventPage]:
    """The live life events (in the procedure's language) that list it."""
    return public_pages(
        LifeEventPage.objects.live().filter(
            locale_id=procedure.locale_id,
            procedure_links__procedure__translation_key=procedure.translation_key,
        )
    ).distinct()


def navi_locale() -> Locale:
    """The locale whose procedures the 手続きナビ uses: the active language's
    when it has any live procedure, else the default language's."""
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = None
    if (
        locale is None
        or not ProcedurePage.objects.live().filter(locale=locale).exists()
    ):
        locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    return locale


def guide_for_locale(locale: Locale) -> ProcedureIndexPage | None:
    """The live guide page in ``locale`` (for links back to it), if any."""
    return public_pages(ProcedureIndexPage.objects.live().filter(locale=locale)).first()


def procedures_for_answers(answers: Answers, *, locale: Locale) -> list[ProcedurePage]:
    """The live procedures in ``locale`` whose rules hold for ``answers``, in
    the guide's order (one query; rules are evaluated in Python)."""
    procedures = public_pages(ProcedurePage.objects.live().filter(locale=locale))
    return [
        procedure
        for procedure in procedures.order_by("path")
        if procedure_applies(rules_from_stream(procedure.rules.raw_data), answers)
    ]


def checklist_list_for_user(*, user: Any, limit: int | None = None) -> QuerySet:
    """``user``'s saved checklists, newest first."""
    checklists = ProcedureChecklist.objects.filter(user=user).order_by(
        "-created_at", "-id"
    )
    return checklists[:limit] if limit is not None else checklists


def checklist_get_for_user(
    *, user: Any, public_id: uuid.UUID
) -> ProcedureChecklist | None:
    """``user``'s checklist with ``public_id``; None for an unknown id and for
    another resident's checklist alike."""
    return ProcedureChecklist.objects.filter(user=user, public_id=public_id).first()


def checklist_procedures(
    checklist: ProcedureChecklist, *, locale: Locale
) -> list[ListedProcedure]:
    """The checklist's procedures in ``locale`` (falling back to the default
    language's page, then to the title saved with the checklist). One query."""
    keys = [item["key"] for item in checklist.items]
    pages: dict[str, ProcedurePage] = {}
    for page in public_pages(
        ProcedurePage.objects.live().filter(translation_key__in=keys)
    ).select_related("locale"):
        current = pages.get(str(page.translation_key))
        if page.locale_id == locale.pk or (
            current is None and page.locale.language_code == settings.LANGUAGE_CODE
        ):
            pages[str(page.translation_key)] = page
    listed = []
    for item in checklist.items:
        page = pages.get(item["key"])
        listed.append(
            ListedProcedure(title=page.title if page else item["title"], page=page)
        )
    return listed
