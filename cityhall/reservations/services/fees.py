"""Pricing a booking for the booking service: the equipment chosen, the fee
reduction (減免) rule chosen, and the evidence file a rule may require.

Only reads and checks here; :mod:`cityhall.reservations.services.booking`
stores the result, :mod:`cityhall.reservations.services.reductions` records
the staff decision.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityhall.common.uploads import upload_content_check
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import (
    Booking,
    Equipment,
    FeeReduction,
    ReductionReview,
    Room,
)
from cityhall.reservations.pricing import FeeBreakdown, ReductionTerms, fee_compute

#: File types accepted as evidence of a reduction (a scanned certificate).
EVIDENCE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
_IMAGE_SIGNATURES = {
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
}


@dataclass(frozen=True)
class Pricing:
    """A booking's priced terms: the breakdown and the rule applied, if any."""

    breakdown: FeeBreakdown
    rule: FeeReduction | None

    @property
    def needs_review(self) -> bool:
        return bool(self.rule and self.rule.evidence_required)


def reduction_terms(rule: FeeReduction) -> ReductionTerms:
    """The plain terms of a reduction rule for :func:`fee_compute`."""
    return ReductionTerms(
        exempt=rule.kind == FeeReduction.Kind.EXEMPT,
        percent=rule.percent,
        rounding=rule.rounding,
        includes_equipment=rule.includes_equipment,
    )


def equipment_for_room(room: Room) -> list[Equipment]:
    """The equipment a booking of ``room`` may add: the facility's items for
    every room and the room's own, available ones only, in display order."""
    return list(
        Equipment.objects.filter(facility_id=room.facility_id, is_active=True)
        .filter(Q(room__isnull=True) | Q(room=room))
        .order_by("sort_order", "name")
    )


def reductions_for_room(
    room: Room, *, eligible_categories: set[str] | None = None
) -> list[FeeReduction]:
    """The reduction rules in force in the room's municipality; with
    ``eligible_categories`` (the categories of the resident's approved
    groups), only those the resident may claim (see :func:`booking_price`)."""
    rules = FeeReduction.objects.filter(
        municipality_id=room.facility.municipality_id, is_active=True
    ).order_by("sort_order", "code")
    return [
        rule
        for rule in rules
        if eligible_categories is None
        or rule.evidence_required
        or rule.applies_to_category in eligible_categories
    ]


def booking_price(
    *,
    room: Room,
    resident_rate: bool,
    equipment_ids: list[uuid.UUID] | None = None,
    reduction_code: str = "",
    eligible_categories: set[str] | None = None,
) -> Pricing:
    """Price one slot of ``room``: the resident or non-resident rate, the
    equipment named by ``equipment_ids`` (public ids; ``invalid_equipment``
    when one is not offered for the room) and the reduction rule
    ``reduction_code`` (``invalid_reduction`` when not in force).

    A rule that needs no evidence is checked by nobody, so it is granted only
    when its category is one of ``eligible_categories`` (the categories of
    the resident's approved groups, 団体登録; ``reduction_not_eligible``
    otherwise); a rule with evidence is checked by staff instead."""
    base = room.resident_fee if resident_rate else room.non_resident_fee
    chosen: list[Equipment] = []
    wanted = list(dict.fromkeys(equipment_ids or []))
    if wanted:
        offered = {item.public_id: item for item in equipment_for_room(room)}
        if any(public_id not in offered for public_id in wanted):
            raise ReservationError(
                _("This equipment is not available for this room."),
                code="invalid_equipment",
            )
        chosen = [offered[public_id] for public_id in wanted]
    rule = None
    if reduction_code:
        rule = FeeReduction.objects.filter(
            municipality_id=room.facility.municipality_id,
            code=reduction_code,
            is_active=True,
        ).first()
        if rule is None:
            raise ReservationError(
                _("This fee reduction is not available."), code="invalid_reduction"
            )
        if (
            eligible_categories is not None
            and not rule.evidence_required
            and rule.applies_to_category not in eligible_categories
        ):
            raise ReservationError(
                _(
                    "This fee reduction is for registered groups of its kind. "
                    "Register your group and book once staff have approved it."
                ),
                code="reduction_not_eligible",
            )
    breakdown = fee_compute(
        base=base,
        equipment=[(item.name, item.fee) for item in chosen],
        reduction=reduction_terms(rule) if rule else None,
    )
    return Pricing(breakdown=breakdown, rule=rule)


def evidence_check(*, name: str, size: int, file: IO[bytes]) -> None:
    """Refuse an evidence file that is not a PDF, JPEG or PNG of at most
    ``CITYHALL_MAX_UPLOAD_MB``, or whose content does not match its name
    (``invalid_evidence``, 422)."""
    extension = PurePath(name or "").suffix.lower().lstrip(".")
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    problem: Any = None
    if extension not in EVIDENCE_EXTENSIONS:
        problem = _("Upload the evidence as a PDF, JPEG or PNG file.")
    elif size > limit:
        problem = _("The file is larger than %(mb)s MB.") % {
            "mb": limit // (1024 * 1024)
        }
    else:
        try:
            upload_content_check(name=name, file=file)
            if extension in _IMAGE_SIGNATURES:
                position = file.tell()
                file.seek(0)
                head = file.read(8)
                file.seek(position)
                if not head.startswith(_IMAGE_SIGNATURES[extension]):
                    raise ValidationError(
                        _("The file's content does not match its type.")
                    )
        except ValidationError as error:
            problem = error.messages[0]
    if problem is not None:
        raise ReservationError(problem, code="invalid_evidence")


def reduction_review_open(
    *, booking: Booking, evidence: UploadedFile
) -> ReductionReview:
    """Store ``evidence`` (already checked with :func:`evidence_check`) for
    ``booking``'s reduction through Django's storage, under a random name (the
    resident's file name is kept only as a label), and queue it for staff
    review. Runs inside the booking service's transaction."""
    extension = PurePath(evidence.name or "").suffix.lower()
    original = (evidence.name or "")[:200]
    evidence.name = f"{uuid.uuid4().hex}{extension}"
    return ReductionReview.objects.create(
        booking=booking, evidence=evidence, evidence_name=original
    )
