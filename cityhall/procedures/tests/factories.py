"""Procedure guide pages for tests, made through Wagtail's page API."""

from __future__ import annotations

from wagtail.models import Page

from cityhall.procedures.models import (
    LifeEventPage,
    LifeEventProcedure,
    ProcedureIndexPage,
    ProcedurePage,
)
from cityhall.website.tests import factories as f


def rule(**conditions) -> tuple[str, dict]:
    """One 手続きナビ rule block for ``ProcedurePage.rules``."""
    value = {
        "moving": "",
        "event": "",
        "insurance": "",
        "child_age_min": None,
        "child_age_max": None,
        "age_min": None,
        "age_max": None,
    }
    value.update(conditions)
    return ("rule", value)


def add_guide(home: Page, **fields) -> ProcedureIndexPage:
    fields.setdefault("title", "手続きガイド")
    fields.setdefault("slug", "tetsuzuki")
    return f.add_page(home, ProcedureIndexPage, **fields)


def add_procedure(guide: Page, *, title: str, **fields) -> ProcedurePage:
    return f.add_page(guide, ProcedurePage, title=title, **fields)


def add_life_event(
    guide: Page, *, title: str, procedures: list[ProcedurePage], **fields
) -> LifeEventPage:
    """A published life event listing ``procedures`` in that order."""
    event = f.add_page(guide, LifeEventPage, title=title, publish=False, **fields)
    event.procedure_links = [
        LifeEventProcedure(procedure=procedure, sort_order=position)
        for position, procedure in enumerate(procedures)
    ]
    return f.publish(event)
