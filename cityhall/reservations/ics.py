"""Writing bookings as iCalendar (RFC 5545) for calendar apps.

Times are written in UTC (``DTSTART:20260401T000000Z``), which every client
reads without a VTIMEZONE block; the city's clock is Asia/Tokyo and clients
show the local time. Text values are escaped (backslash, semicolon, comma,
newline, section 3.3.11) and content lines folded at 75 octets without
splitting a UTF-8 character (section 3.1); lines end with CRLF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//Cityhall//Facility reservations//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One event: a booking's slot, where, and what."""

    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    stamp: dt.datetime | None = None


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def ics_fold(line: str) -> str:
    """Fold one content line into chunks of at most 75 octets, continuation
    lines starting with a space (RFC 5545 §3.1); characters are kept whole."""
    chunks: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, 74  # the leading space takes one octet
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_calendar(events: Iterable[CalendarEvent], *, name: str = "") -> str:
    """A VCALENDAR holding ``events``, as text with CRLF line ends."""
    now = dt.datetime.now(dt.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{ics_escape(name)}")
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(event.stamp or now)}",
            f"DTSTART:{_utc(event.starts_at)}",
            f"DTEND:{_utc(event.ends_at)}",
            f"SUMMARY:{ics_escape(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{ics_escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{ics_escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
