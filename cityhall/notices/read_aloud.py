"""Community FM read-aloud script of a notice (plan item ②iii).

Plain text a radio announcer reads on air at once: numbers, dates and times
as they are spoken (:mod:`cityhall.notices.spoken`), place names with their
readings in brackets the first time they occur — 黒羽（くろばね） — and, for an
emergency, the headline repeated at the end as broadcasters do.

Readings of place names come from :func:`place_readings`: the municipality's
districts (地区, with their kana) now; the municipality dictionary that staff
edit in ``common/furigana`` plugs in there (one function to switch).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from cityhall.common.furigana.dictionary import reading_entries_as_mapping
from cityhall.core.models import District
from cityhall.notices.spoken import day_kana, hour_kana, minute_kana, month_kana
from cityhall.notices.spoken import spoken_text as _spoken
from cityhall.website.models import NewsPage, NoticeMessageType, NoticeUrgency


def place_readings() -> dict[str, str]:
    """Place name → reading (hiragana) known to the municipality.

    Districts carry their reading; the municipality's reading dictionary
    (local readings such as 蛇尾川 = さびがわ, edited by staff and seeded from
    Japan Post data) adds and overrides.
    """
    readings = {
        name: kana
        for name, kana in District.objects.exclude(name_kana="").values_list(
            "name", "name_kana"
        )
    }
    readings.update(reading_entries_as_mapping())
    return readings


def with_readings(text: str, readings: dict[str, str], seen: set[str]) -> str:
    """``text`` with the reading after the first occurrence of each place name
    (longest names first, so 湯津上 is not taken for a shorter name)."""
    if not readings:
        return text
    names = sorted(readings, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(name) for name in names))

    def annotate(match: re.Match[str]) -> str:
        name = match.group(0)
        if name in seen:
            return name
        seen.add(name)
        return f"{name}（{readings[name]}）"

    return pattern.sub(annotate, text)


def moment_spoken(moment: dt.datetime) -> str:
    """A moment in Asia/Tokyo as spoken: じゅうがつ じゅうろくにち ごご よじ."""
    local = timezone.localtime(moment)
    period = "ごぜん" if local.hour < 12 else "ごご"
    hour = local.hour if local.hour <= 12 else local.hour - 12
    parts = [month_kana(local.month), day_kana(local.day), period, hour_kana(hour)]
    if local.minute:
        parts.append(minute_kana(local.minute))
    return " ".join(parts)


def _block_text(block) -> list[str]:
    kind = block.block_type
    value = block.value
    if kind == "heading":
        return [str(value)]
    if kind == "paragraph":
        return [strip_tags(str(value.source if hasattr(value, "source") else value))]
    if kind == "notice":
        return [str(value["title"]), strip_tags(str(value["text"].source))]
    if kind == "table":
        return ["、".join(cell for cell in row if cell) for row in value["rows"]]
    return []  # images are not read


@dataclass(frozen=True)
class ReadAloudScript:
    """The script of one notice, as lines of plain text."""

    page: NewsPage
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def read_aloud_script(
    page: NewsPage, *, municipality_name: str = ""
) -> ReadAloudScript:
    """The read-aloud script of ``page`` in its own language."""
    readings = place_readings()
    seen: set[str] = set()

    def spoken(text: str) -> str:
        return with_readings(_spoken(text), readings, seen)

    language = page.locale.language_code
    lines: list[str] = []
    with translation.override(language):
        if page.urgency == NoticeUrgency.EMERGENCY:
            lines.append(_("Emergency information."))
        elif page.urgency == NoticeUrgency.IMPORTANT:
            lines.append(_("Important information."))
        if municipality_name:
            lines.append(
                _("This is a notice from %(name)s.") % {"name": municipality_name}
            )
        if page.message_type == NoticeMessageType.UPDATE:
            lines.append(_("This updates an earlier announcement."))
        elif page.message_type == NoticeMessageType.CANCEL:
            lines.append(_("This cancels an earlier announcement."))
        lines.append(spoken(page.title))
        if page.lead:
            lines.append(spoken(page.lead))
        districts = list(page.target_districts.all())
        if districts:
            names = "、".join(d.display_name(language) for d in districts)
            lines.append(_("For: %(districts)s.") % {"districts": spoken(names)})
        for block in page.body:
            lines.extend(spoken(text) for text in _block_text(block) if text.strip())
        if page.expires_at:
            lines.append(
                _("Valid until %(moment)s.")
                % {"moment": moment_spoken(page.expires_at)}
            )
        if page.last_published_at:
            lines.append(
                _("Announced %(moment)s.")
                % {"moment": moment_spoken(page.last_published_at)}
            )
        if page.urgency == NoticeUrgency.EMERGENCY:
            lines.append(_("Once again."))
            lines.append(spoken(page.title))
            if page.lead:
                lines.append(spoken(page.lead))
        lines.append(_("End of the notice."))
    return ReadAloudScript(page=page, lines=[line.strip() for line in lines])
