"""The 手続きナビ vocabulary and its rule evaluation.

A procedure says when it applies with declarative rules that staff edit on the
procedure page (``ProcedurePage.rules``): each rule names conditions on the
resident's answers (moving, life events, health insurance, a child's age, the
resident's age). A rule holds when every condition it names holds; a procedure
applies when any of its rules holds. A procedure without rules is never put on
a checklist (it is still listed under its life events).

The rules are stored as StreamField JSON; this module reads that JSON directly
and knows nothing about pages, so it is tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Moving(models.TextChoices):
    """Whether and how the resident moves house."""

    NONE = "none", _("I am not moving")
    WITHIN = "within", _("Moving within the city")
    IN = "in", _("Moving into the city from elsewhere")
    OUT = "out", _("Moving out of the city")


class LifeEventKind(models.TextChoices):
    """Events in the household that call for procedures."""

    BIRTH = "birth", _("A baby has been born or is due")
    MARRIAGE = "marriage", _("Getting married")
    DEATH = "death", _("A family member has died")
    JOB_START = "job_start", _("Starting a job with health insurance at work")
    JOB_LEAVE = "job_leave", _("Leaving a job or retiring")
    CARE = "care", _("A family member needs nursing care")
    DOG = "dog", _("Got a dog or moving with one")
    LARGE_WASTE = "large_waste", _("Disposing of furniture or large appliances")


class Insurance(models.TextChoices):
    """The household's public health insurance."""

    NATIONAL = "national", _("National Health Insurance (国民健康保険)")
    EMPLOYER = "employer", _("Health insurance through work")
    ELDERLY = "elderly", _("Medical care for people 75 and over (後期高齢者医療)")
    UNKNOWN = "unknown", _("Not sure")


#: Oldest age the questionnaire accepts for a child and for the resident.
MAX_CHILD_AGE = 25
MAX_AGE = 120


@dataclass(frozen=True)
class Answers:
    """What the resident told the 手続きナビ."""

    moving: str = Moving.NONE
    events: frozenset[str] = field(default_factory=frozenset)
    insurance: str = Insurance.UNKNOWN
    child_ages: tuple[int, ...] = ()
    age: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The answers as stored with a saved checklist."""
        return {
            "moving": self.moving,
            "events": sorted(self.events),
            "insurance": self.insurance,
            "child_ages": list(self.child_ages),
            "age": self.age,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Answers:
        return cls(
            moving=data.get("moving", Moving.NONE),
            events=frozenset(data.get("events", ())),
            insurance=data.get("insurance", Insurance.UNKNOWN),
            child_ages=tuple(data.get("child_ages", ())),
            age=data.get("age"),
        )


def _in_range(value: int, low: int | None, high: int | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _number(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def rule_conditions(rule: Mapping[str, Any]) -> list[str]:
    """Names of the conditions ``rule`` sets (empty: the rule says nothing)."""
    names = [name for name in ("moving", "event", "insurance") if rule.get(name)]
    if _number(rule.get("child_age_min")) is not None or (
        _number(rule.get("child_age_max")) is not None
    ):
        names.append("child_age")
    if _number(rule.get("age_min")) is not None or (
        _number(rule.get("age_max")) is not None
    ):
        names.append("age")
    return names


def rule_holds(rule: Mapping[str, Any], answers: Answers) -> bool:
    """Whether every condition ``rule`` sets holds for ``answers``.

    A rule that sets no condition never holds: an empty rule left in the editor
    must not put the procedure on everybody's checklist. An age condition does
    not hold when the resident did not give their age.
    """
    conditions = rule_conditions(rule)
    if not conditions:
        return False
    if rule.get("moving") and rule["moving"] != answers.moving:
        return False
    if rule.get("event") and rule["event"] not in answers.events:
        return False
    if rule.get("insurance") and rule["insurance"] != answers.insurance:
        return False
    if "child_age" in conditions:
        low = _number(rule.get("child_age_min"))
        high = _number(rule.get("child_age_max"))
        if not any(_in_range(age, low, high) for age in answers.child_ages):
            return False
    if "age" in conditions:
        if answers.age is None:
            return False
        if not _in_range(
            answers.age, _number(rule.get("age_min")), _number(rule.get("age_max"))
        ):
            return False
    return True


def rules_from_stream(raw: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rule values of a ``rules`` StreamField's raw data."""
    return [block.get("value") or {} for block in raw if block.get("type") == "rule"]


def procedure_applies(rules: Iterable[Mapping[str, Any]], answers: Answers) -> bool:
    """Whether any of ``rules`` holds for ``answers``."""
    return any(rule_holds(rule, answers) for rule in rules)
