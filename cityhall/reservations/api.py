"""``/api/v1/`` endpoints of the reservations app.

Public (no sign-in): the facility registry and the availability of a room over
a date range, each free slot carrying an opaque, signed ``slot`` id.

Resident (personal API token, or the session with the CSRF header for unsafe
methods, see :mod:`cityhall.core.api_auth`): ``POST /bookings`` with a
``slot`` creates a provisional booking and honours ``Idempotency-Key``; the
resident's own bookings and their cancellation. Another resident's booking id
answers 404 exactly as an unknown one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from pydantic import Field

from cityhall.common.api.schemas import ERRORS, ErrorOut
from cityhall.common.errors import NotFoundError
from cityhall.core.api_auth import resident_auth
from cityhall.core.api_idempotency import IdempotencyKeyHeader, idempotent_json
from cityhall.reservations.models import Booking, Facility, Room
from cityhall.reservations.selectors import (
    SlotState,
    booking_get_for_resident,
    booking_list_for_resident,
    facility_get_public,
    facility_list_public,
    refund_for_cancellation,
    room_availability,
    room_get_public,
)
from cityhall.reservations.services.booking import (
    booking_cancel,
    booking_create_provisional,
)
from cityhall.reservations.throttle import booking_rate_check

router = Router(tags=["reservations"])

PUBLIC_ERRORS: dict[int, Any] = {404: ErrorOut, **ERRORS}
RESIDENT_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, **ERRORS}
WRITE_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


class SlotBlockOut(Schema):
    label: str
    start: dt.time
    end: dt.time


class RoomOut(Schema):
    id: uuid.UUID
    name: str
    capacity: int
    slot_scheme: str = Field(description="`blocks` (fixed blocks) or `hourly`.")
    blocks: list[SlotBlockOut] = Field(description="The blocks of a block scheme.")
    resident_fee: int = Field(description="Yen per slot for residents.")
    non_resident_fee: int = Field(description="Yen per slot for non-residents.")
    availability_url: str


class FacilityOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    name: str
    district: str | None
    address: str
    latitude: float | None
    longitude: float | None
    accessibility: str
    equipment: str
    opens_at: dt.time
    closes_at: dt.time
    closed_weekdays: list[int] = Field(description="0 Monday … 6 Sunday.")
    closed_on_national_holidays: bool
    rooms: list[RoomOut]


class SlotOut(Schema):
    date: dt.date
    label: str
    start: dt.time
    end: dt.time
    state: str = Field(description="`free` or `booked`.")
    slot: str | None = Field(
        description="Opaque id to book this slot with (free slots only); valid "
        "for 24 hours."
    )


class AvailabilityOut(Schema):
    room: uuid.UUID
    date_from: dt.date
    date_to: dt.date
    slots: list[SlotOut]


class AvailabilityQuery(Schema):
    date_from: dt.date = Field(alias="from")
    date_to: dt.date = Field(alias="to")


class BookingIn(Schema):
    slot: str = Field(min_length=1, max_length=500)
    pay_later: bool = Field(
        default=False,
        description="Pay within 3 days by Pay-easy, convenience store or at the "
        "counter (by the day before the slot at the latest) instead of by card "
        "within 30 minutes.",
    )
    purpose: str = Field(default="", max_length=200)
    attendees: int | None = Field(default=None, ge=1)
    equipment: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Equipment item ids."
    )
    reduction: str = Field(
        default="",
        max_length=50,
        description="Code of a fee reduction (減免) rule. Rules that need "
        "evidence are requested on the web page (422 `evidence_required`).",
    )


class EquipmentLineOut(Schema):
    name: str
    fee: int


class BookingOut(Schema):
    id: uuid.UUID
    facility: str
    room: str
    room_id: uuid.UUID
    date: dt.date
    start: dt.time
    end: dt.time
    slot_label: str
    state: str
    state_label: str
    fee: int = Field(description="What is billed: base + equipment − reduction.")
    base_fee: int
    equipment_fee: int
    equipment: list[EquipmentLineOut]
    reduction_amount: int
    reduction: str = Field(description="Name of the fee reduction applied, or ''.")
    reduction_status: str | None = Field(
        description="`pending`, `approved` or `rejected` for reductions that "
        "need evidence; null otherwise."
    )
    non_resident_rate: bool
    payment_deadline: dt.datetime | None
    invoice_id: uuid.UUID | None
    pay_url: str | None = Field(description="Where the resident pays (provisional).")
    purpose: str
    attendees: int | None
    refunded_amount: int
    refund_if_cancelled_today: int


def _room_out(request: HttpRequest, room: Room) -> RoomOut:
    return RoomOut(
        id=room.public_id,
        name=room.name,
        capacity=room.capacity,
        slot_scheme=room.slot_scheme,
        blocks=[
            SlotBlockOut(label=b.label, start=b.start, end=b.end)
            for b in room.blocks.all()
        ]
        if room.slot_scheme == Room.SlotScheme.BLOCKS
        else [],
        resident_fee=room.resident_fee,
        non_resident_fee=room.non_resident_fee,
        availability_url=request.build_absolute_uri(
            reverse("api-v1:reservations_room_availability", args=[room.public_id])
        ),
    )


def _facility_out(request: HttpRequest, facility: Facility) -> FacilityOut:
    return FacilityOut(
        id=facility.public_id,
        kind=facility.kind,
        kind_label=str(facility.get_kind_display()),
        name=facility.name,
        district=facility.district.display_name() if facility.district else None,
        address=facility.address,
        latitude=float(facility.latitude) if facility.latitude is not None else None,
        longitude=float(facility.longitude) if facility.longitude is not None else None,
        accessibility=facility.accessibility,
        equipment=facility.equipment,
        opens_at=facility.opens_at,
        closes_at=facility.closes_at,
        closed_weekdays=list(facility.closed_weekdays or []),
        closed_on_national_holidays=facility.closed_on_national_holidays,
        rooms=[_room_out(request, room) for room in facility.rooms.all()],
    )


def _reduction_status(booking: Booking) -> str | None:
    try:
        return booking.reduction_review.status
    except ObjectDoesNotExist:
        return None


def _booking_out(request: HttpRequest, booking: Booking) -> BookingOut:
    pay_url = None
    if booking.state == Booking.State.PROVISIONAL and booking.invoice is not None:
        pay_url = request.build_absolute_uri(
            reverse("payments:invoice_detail", args=[booking.invoice.public_id])
        )
    return BookingOut(
        id=booking.public_id,
        facility=booking.room.facility.name,
        room=booking.room.name,
        room_id=booking.room.public_id,
        date=booking.date,
        start=booking.start,
        end=booking.end,
        slot_label=booking.slot_label,
        state=booking.state,
        state_label=str(booking.get_state_display()),
        fee=booking.fee,
        base_fee=booking.base_fee,
        equipment_fee=booking.equipment_fee,
        equipment=[EquipmentLineOut(**line) for line in booking.equipment_lines],
        reduction_amount=booking.reduction_amount,
        reduction=booking.reduction_name,
        reduction_status=_reduction_status(booking),
        non_resident_rate=booking.non_resident_rate,
        payment_deadline=booking.payment_deadline,
        invoice_id=booking.invoice.public_id if booking.invoice else None,
        pay_url=pay_url,
        purpose=booking.purpose,
        attendees=booking.attendees,
        refunded_amount=booking.refunded_amount,
        refund_if_cancelled_today=refund_for_cancellation(booking=booking)[1],
    )


@router.get(
    "/facilities",
    response={200: list[FacilityOut], **ERRORS},
    summary="Bookable facilities",
    operation_id="reservations_facility_list",
)
def facility_list(request: HttpRequest) -> list[FacilityOut]:
    """Every facility with its rooms and fees (public)."""
    facilities = facility_list_public().prefetch_related("rooms__blocks")
    return [_facility_out(request, f) for f in facilities]


@router.get(
    "/facilities/{facility_id}",
    response={200: FacilityOut, **PUBLIC_ERRORS},
    summary="One facility with its rooms",
    operation_id="reservations_facility_detail",
)
def facility_detail(request: HttpRequest, facility_id: uuid.UUID) -> FacilityOut:
    """One facility, its rooms, their slot schemes and fees (public)."""
    facility = facility_get_public(public_id=facility_id)
    if facility is None:
        raise NotFoundError(_("No such facility."))
    return _facility_out(request, facility)


@router.get(
    "/rooms/{room_id}/availability",
    response={200: AvailabilityOut, **PUBLIC_ERRORS},
    summary="Availability of a room",
    operation_id="reservations_room_availability",
    url_name="reservations_room_availability",
)
def room_availability_get(
    request: HttpRequest, room_id: uuid.UUID, query: Query[AvailabilityQuery]
) -> AvailabilityOut:
    """Slots of the room from ``from`` to ``to`` (ISO dates, at most 62
    days; 422 ``range_invalid`` beyond): closed days, blackouts and past slots are
    left out; each free slot has its ``slot`` id (public)."""
    room = room_get_public(public_id=room_id)
    if room is None:
        raise NotFoundError(_("No such room."))
    days = room_availability(
        room=room, date_from=query.date_from, date_to=query.date_to
    )
    return AvailabilityOut(
        room=room.public_id,
        date_from=query.date_from,
        date_to=query.date_to,
        slots=[
            SlotOut(
                date=slot.date,
                label=slot.label,
                start=slot.start,
                end=slot.end,
                state=slot.state,
                slot=slot.slot_id,
            )
            for day in days
            for slot in day.slots
            if slot.state in (SlotState.FREE, SlotState.BOOKED)
        ],
    )


@router.post(
    "/bookings",
    response={201: BookingOut, **WRITE_ERRORS},
    summary="Book a slot (provisional booking)",
    operation_id="reservations_booking_create",
    auth=resident_auth,
)
def booking_create(
    request: HttpRequest,
    payload: BookingIn,
    idempotency_key: IdempotencyKeyHeader = None,
) -> HttpResponse:
    """Hold a free slot for the signed-in resident as a provisional booking
    (仮予約) and bill it; pay at ``pay_url`` before ``payment_deadline`` or
    the booking expires. 409 ``slot_taken`` when someone else holds the slot;
    422 ``slot_invalid`` for a forged or expired slot id, ``slot_unavailable``
    for a closed, past or blacked-out slot. 429 ``rate_limited`` when the
    account or the client address makes too many booking attempts."""
    booking_rate_check(request, user=request.user)

    def run() -> tuple[int, BookingOut]:
        created = booking_create_provisional(
            resident=request.user,
            slot=payload.slot,
            purpose=payload.purpose,
            attendees=payload.attendees,
            equipment_ids=payload.equipment,
            reduction_code=payload.reduction,
            pay_later=payload.pay_later,
        )
        # Read back through the resident's selector (room, facility, invoice
        # loaded as for every other answer).
        return 201, _booking_out(request, _own_booking(request, created.public_id))

    return idempotent_json(
        request,
        key=idempotency_key,
        payload=payload.model_dump(mode="json"),
        run=run,
    )


@router.get(
    "/bookings",
    response={200: list[BookingOut], 401: ErrorOut, **ERRORS},
    summary="My bookings",
    operation_id="reservations_booking_list",
    auth=resident_auth,
)
def booking_list(request: HttpRequest) -> list[BookingOut]:
    """The signed-in resident's bookings, latest date first."""
    return [
        _booking_out(request, b) for b in booking_list_for_resident(user=request.user)
    ]


def _own_booking(request: HttpRequest, booking_id: uuid.UUID) -> Booking:
    booking = booking_get_for_resident(user=request.user, public_id=booking_id)
    if booking is None:
        raise NotFoundError(_("No such booking."))
    return booking


@router.get(
    "/bookings/{booking_id}",
    response={200: BookingOut, **RESIDENT_ERRORS},
    summary="One of my bookings",
    operation_id="reservations_booking_detail",
    auth=resident_auth,
)
def booking_detail(request: HttpRequest, booking_id: uuid.UUID) -> BookingOut:
    """One of the resident's bookings; 404 for any other id."""
    return _booking_out(request, _own_booking(request, booking_id))


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, **WRITE_ERRORS},
    summary="Cancel one of my bookings",
    operation_id="reservations_booking_cancel",
    auth=resident_auth,
)
def booking_cancel_post(request: HttpRequest, booking_id: uuid.UUID) -> BookingOut:
    """Cancel a provisional or confirmed booking before it begins; a paid one
    is refunded what its stored cancellation policy allows today
    (``refunded_amount``). 409 ``booking_not_cancellable`` otherwise; 404 for
    anyone else's booking. Cancelling twice answers 409 the second time."""
    booking = booking_cancel(
        resident=request.user, booking=_own_booking(request, booking_id)
    )
    booking = _own_booking(request, booking.public_id)
    return _booking_out(request, booking)
