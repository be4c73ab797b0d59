"""The fee arithmetic: room rate plus equipment less a fee reduction (減免),
with each rounding a rule may ask for."""

from __future__ import annotations

import pytest

from cityhall.reservations.pricing import ReductionTerms, fee_compute, rounded


def test_no_reduction_adds_equipment_to_the_room_fee():
    """Without a reduction the total is room fee plus every equipment fee."""
    fees = fee_compute(
        base=1_250, equipment=[("プロジェクター", 500), ("ピアノ", 1_000)]
    )
    assert (fees.base, fees.equipment, fees.reduction, fees.total) == (
        1_250,
        1_500,
        0,
        2_750,
    )
    assert fees.equipment_lines == [
        {"name": "プロジェクター", "fee": 500},
        {"name": "ピアノ", "fee": 1_000},
    ]


def test_half_off_rounds_the_reduced_fee_down_to_ten_yen():
    """50% of 1,255 yen is 627.5; floor to 10 yen leaves 620 to pay."""
    fees = fee_compute(
        base=1_255,
        reduction=ReductionTerms(exempt=False, percent=50, rounding="floor_10"),
    )
    assert (fees.total, fees.reduction) == (620, 635)


@pytest.mark.parametrize(
    ("rounding", "payable"),
    [
        ("floor_1", 627),
        ("round_1", 628),
        ("ceil_1", 628),
        ("floor_10", 620),
        ("round_10", 630),
        ("ceil_10", 630),
    ],
)
def test_each_rounding_of_a_half_reduction(rounding, payable):
    """Each rounding mode applied to 627.5 yen gives the expected fee."""
    fees = fee_compute(
        base=1_255,
        reduction=ReductionTerms(exempt=False, percent=50, rounding=rounding),
    )
    assert fees.total == payable
    assert fees.reduction == 1_255 - payable


def test_round_half_up_at_ten_yen():
    """四捨五入 to 10 yen: 625 goes up to 630, 624 down to 620."""
    assert rounded(625, 1, "round_10") == 630
    assert rounded(624, 1, "round_10") == 620


def test_ceiling_never_exceeds_the_undiscounted_fee():
    """A 0% rule rounded up to 10 yen does not charge more than the fee."""
    fees = fee_compute(
        base=995, reduction=ReductionTerms(exempt=False, percent=0, rounding="ceil_10")
    )
    assert (fees.total, fees.reduction) == (995, 0)


def test_full_exemption_leaves_nothing_to_pay():
    """A full exemption takes room and equipment fees off entirely."""
    fees = fee_compute(
        base=3_000, equipment=[("得点板", 300)], reduction=ReductionTerms(exempt=True)
    )
    assert (fees.total, fees.reduction) == (0, 3_300)


def test_reduction_of_the_room_fee_only():
    """A rule that excludes equipment halves the room fee and leaves the
    equipment fee whole."""
    fees = fee_compute(
        base=1_000,
        equipment=[("ピアノ", 1_000)],
        reduction=ReductionTerms(exempt=False, percent=50, includes_equipment=False),
    )
    assert (fees.total, fees.reduction) == (1_500, 500)


def test_unknown_rounding_is_refused():
    """A rounding the rules do not define is a programming error."""
    with pytest.raises(ValueError):
        rounded(100, 1, "floor_100")
