"""手続きナビ rules on their own: which answers each kind of condition accepts."""

from __future__ import annotations

from cityhall.procedures.rules import (
    Answers,
    procedure_applies,
    rule_holds,
    rules_from_stream,
)


def test_moving_condition_matches_only_that_kind_of_move():
    """A rule for moving in holds for moving in, not for moving out or within."""
    rule = {"moving": "in"}
    assert rule_holds(rule, Answers(moving="in"))
    assert not rule_holds(rule, Answers(moving="out"))
    assert not rule_holds(rule, Answers(moving="within"))


def test_all_conditions_of_a_rule_must_hold():
    """Moving in with a child under 15: moving in alone is not enough."""
    rule = {"moving": "in", "child_age_min": 0, "child_age_max": 14}
    assert rule_holds(rule, Answers(moving="in", child_ages=(3,)))
    assert not rule_holds(rule, Answers(moving="in"))
    assert not rule_holds(rule, Answers(moving="in", child_ages=(15,)))
    assert not rule_holds(rule, Answers(moving="none", child_ages=(3,)))


def test_child_age_bounds_are_inclusive_and_any_child_counts():
    """A child aged exactly the bound counts; one child in range is enough."""
    rule = {"child_age_min": 6, "child_age_max": 14}
    assert rule_holds(rule, Answers(child_ages=(17, 6)))
    assert rule_holds(rule, Answers(child_ages=(14,)))
    assert not rule_holds(rule, Answers(child_ages=(5, 15)))


def test_resident_age_needs_an_answer():
    """An age rule holds for an age in range, not for an unknown age."""
    rule = {"age_min": 65, "age_max": ""}
    assert rule_holds(rule, Answers(age=65))
    assert not rule_holds(rule, Answers(age=64))
    assert not rule_holds(rule, Answers())


def test_event_and_insurance_conditions():
    """An event must be among the answers; insurance must be the one given."""
    rule = {"event": "job_leave", "insurance": "employer"}
    assert rule_holds(
        rule, Answers(events=frozenset({"job_leave", "dog"}), insurance="employer")
    )
    assert not rule_holds(
        rule, Answers(events=frozenset({"job_leave"}), insurance="national")
    )
    assert not rule_holds(
        rule, Answers(events=frozenset({"dog"}), insurance="employer")
    )


def test_empty_rule_never_holds():
    """A rule left without conditions puts the procedure on nobody's list."""
    empty = {"moving": "", "event": "", "child_age_min": None, "age_max": None}
    assert not rule_holds(empty, Answers(moving="in", age=30))


def test_procedure_applies_when_any_rule_holds():
    """Rules are alternatives: birth or moving in with a child."""
    raw = [
        {"type": "rule", "id": "a", "value": {"event": "birth"}},
        {"type": "rule", "id": "b", "value": {"moving": "in", "child_age_max": 18}},
    ]
    rules = rules_from_stream(raw)
    assert procedure_applies(rules, Answers(events=frozenset({"birth"})))
    assert procedure_applies(rules, Answers(moving="in", child_ages=(10,)))
    assert not procedure_applies(rules, Answers(moving="in"))
    assert not procedure_applies([], Answers(moving="in"))


def test_answers_survive_the_json_round_trip():
    """What a saved checklist stores reads back as the same answers."""
    answers = Answers(
        moving="within",
        events=frozenset({"birth", "dog"}),
        insurance="national",
        child_ages=(0, 7),
        age=41,
    )
    assert Answers.from_json(answers.as_json()) == answers
