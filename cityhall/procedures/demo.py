"""Demo data of the procedure guide: the guide page under the demo home page,
its life events and about twenty procedures with their 手続きナビ rules
(texts in ``demo_data``), published through Wagtail's page API and then
synchronised into every other language as untranslated copies.

Counters are the demo divisions' own locations, so nothing names a real city.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from wagtail.models import Site

from cityhall.core.models import Department, Municipality
from cityhall.procedures.demo_data import GUIDE, LIFE_EVENTS, PROCEDURES
from cityhall.procedures.models import (
    LifeEventPage,
    LifeEventProcedure,
    ProcedureIndexPage,
    ProcedurePage,
)
from cityhall.website.services import website_locales_ensure

_RULE_FIELDS = ("moving", "event", "insurance")
_RULE_NUMBERS = ("child_age_min", "child_age_max", "age_min", "age_max")


def _rule_block(conditions: dict) -> dict:
    """A ``rules`` StreamField item with every condition field present."""
    value: dict = {name: conditions.get(name, "") for name in _RULE_FIELDS}
    value.update({name: conditions.get(name) for name in _RULE_NUMBERS})
    return {"type": "rule", "value": value, "id": str(uuid.uuid4())}


def _counter(division: Department) -> str:
    location = division.location or ""
    return f"{location} {division.name}窓口".strip()


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def demo_seed(*, municipality: Municipality) -> ProcedureIndexPage:
    """The guide with its procedures and life events, in every language."""
    divisions = {
        department.code: department
        for department in Department.objects.filter(municipality=municipality)
    }
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    guide = _publish(
        home,
        ProcedureIndexPage(
            title=GUIDE["title"],
            slug=GUIDE["slug"],
            lead=GUIDE["lead"],
            department=divisions[GUIDE["department"]],
            show_in_menus=True,
        ),
    )
    procedures: dict[str, ProcedurePage] = {}
    for data in PROCEDURES:
        division = divisions[data["department"]]
        procedures[data["slug"]] = _publish(
            guide,
            ProcedurePage(
                title=data["title"],
                slug=data["slug"],
                lead=data["lead"],
                who=data["who"],
                deadline=data["deadline"],
                counter=_counter(division),
                department=division,
                bring=data["bring"],
                fee_amount=data.get("fee_amount"),
                fee_note=data.get("fee_note", ""),
                online_url=data.get("online_url", ""),
                online_note=data.get("online_note", ""),
                rules=[_rule_block(rule) for rule in data["rules"]],
            ),
        )
    for data in LIFE_EVENTS:
        event = LifeEventPage(
            title=data["title"],
            slug=data["slug"],
            lead=data["lead"],
            icon=data["icon"],
            department=divisions[GUIDE["department"]],
        )
        event.procedure_links = [
            LifeEventProcedure(procedure=procedures[slug], sort_order=position)
            for position, slug in enumerate(data["procedures"])
        ]
        _publish(guide, event)
    # Untranslated copies in every other language, as for the website's pages.
    website_locales_ensure()
    return guide
