"""Opaque slot ids: what a client sends back to book a slot.

A slot id is the room, date and start time, signed with the site's secret
(``django.core.signing``, salted for this use) and time-stamped. A client
cannot forge one for a slot it was never shown nor alter the room or time, and
an id older than :data:`SLOT_ID_MAX_AGE` is refused, so a stale screen cannot
book a slot whose terms have changed since. Being signed, not stored, an id
costs nothing to hand out: listing a month of availability writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext_lazy as _

from cityhall.reservations.errors import ReservationError

_SALT = "cityhall.reservations.slot"
#: How long a slot id from an availability answer can be used to book.
SLOT_ID_MAX_AGE = dt.timedelta(hours=24)


@dataclass(frozen=True)
class SlotRef:
    """What a slot id names."""

    room_id: uuid.UUID
    date: dt.date
    start: dt.time


def slot_id_make(*, room_public_id: uuid.UUID, date: dt.date, start: dt.time) -> str:
    """The signed id of the slot of room ``room_public_id`` at ``date`` ``start``."""
    return signing.dumps(
        [room_public_id.hex, date.isoformat(), start.strftime("%H:%M")],
        salt=_SALT,
        compress=False,
    )


def slot_id_read(slot_id: str) -> SlotRef:
    """The slot ``slot_id`` names; ``slot_invalid`` (422) when it was forged,
    altered, is malformed or older than :data:`SLOT_ID_MAX_AGE`."""
    try:
        room_hex, date_text, start_text = signing.loads(
            slot_id, salt=_SALT, max_age=SLOT_ID_MAX_AGE
        )
        return SlotRef(
            room_id=uuid.UUID(hex=room_hex),
            date=dt.date.fromisoformat(date_text),
            start=dt.time.fromisoformat(start_text),
        )
    except signing.SignatureExpired as error:
        raise ReservationError(
            _("This slot id has expired. Look up availability again."),
            code="slot_invalid",
        ) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise ReservationError(
            _("This slot id is not valid."), code="slot_invalid"
        ) from error
