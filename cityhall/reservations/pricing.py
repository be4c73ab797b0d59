"""The fee of a booking: room rate, equipment, fee reduction (減免).

Pure arithmetic on plain values, no database: :func:`fee_compute` is what the
booking service stores and what the confirmation page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReductionTerms:
    """What a reduction rule says, as plain values (see ``FeeReduction``)."""

    exempt: bool
    percent: int = 0
    rounding: str = "floor_1"
    includes_equipment: bool = True


@dataclass(frozen=True)
class FeeBreakdown:
    """base (使用料) + equipment − reduction (減免) = total, in yen."""

    base: int
    equipment: int
    reduction: int
    total: int
    equipment_lines: list[dict] = field(default_factory=list)


def rounded(numerator: int, denominator: int, rounding: str) -> int:
    """``numerator / denominator`` yen rounded as ``rounding`` says:
    ``floor``, ``round`` (half up, 四捨五入) or ``ceil``, to ``1`` or ``10`` yen."""
    mode, _sep, unit_text = rounding.partition("_")
    unit = int(unit_text or 1)
    if unit not in (1, 10) or mode not in ("floor", "round", "ceil"):
        raise ValueError(f"unknown rounding {rounding!r}")
    step = denominator * unit
    if mode == "floor":
        return numerator // step * unit
    if mode == "ceil":
        return -(-numerator // step) * unit
    return (2 * numerator + step) // (2 * step) * unit


def fee_compute(
    *,
    base: int,
    equipment: list[tuple[str, int]] = (),  # type: ignore[assignment]
    reduction: ReductionTerms | None = None,
) -> FeeBreakdown:
    """The breakdown of a booking's fee: ``base`` (the room's rate for the
    applicant) plus each ``(name, fee)`` of ``equipment``, less the
    ``reduction``.

    A percentage reduction leaves ``(100 − percent)%`` of the reducible amount
    (the room fee, plus equipment when the rule includes it) to pay, rounded as
    the rule says and never above the reducible amount; a full exemption
    leaves nothing. The reduction is what is taken off.
    """
    if base < 0 or any(fee < 0 for _name, fee in equipment):
        raise ValueError("fees cannot be negative")
    equipment_total = sum(fee for _name, fee in equipment)
    lines = [{"name": name, "fee": fee} for name, fee in equipment]
    gross = base + equipment_total
    if reduction is None:
        return FeeBreakdown(base, equipment_total, 0, gross, lines)
    reducible = gross if reduction.includes_equipment else base
    if reduction.exempt:
        payable = 0
    else:
        if not 0 <= reduction.percent <= 100:
            raise ValueError("percent must be between 0 and 100")
        payable = min(
            reducible,
            rounded(reducible * (100 - reduction.percent), 100, reduction.rounding),
        )
    cut = reducible - payable
    return FeeBreakdown(base, equipment_total, cut, gross - cut, lines)
