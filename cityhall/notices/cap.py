"""OASIS Common Alerting Protocol 1.2 documents of notices.

One CAP ``alert`` per notice (the Japanese original and its language versions
together): ``identifier`` is ``urn:uuid:<translation_key>``; an update or a
cancellation is a notice of its own whose ``references`` name every earlier
message of the chain (``sender,identifier,sent``). Each language version is one
``info``; easy Japanese (やさしい日本語) is an ``info`` of its own with the
private-use language tag ``ja-x-easy`` (BCP 47 private use: receivers that do
not know it still see it is Japanese). Each target district is one ``area``
described by name (district polygons are not available); a notice for the
whole municipality has the municipality's outline as its ``polygon``.

The schema is checked in tests against ``schemas/CAP-v1.2.xsd``.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.feedgenerator import SimplerXMLGenerator
from django.utils.html import strip_tags
from wagtail.models import Site

from cityhall.core.models import Municipality
from cityhall.core.selectors.organisation import municipality_current
from cityhall.website.models import (
    NewsPage,
    NoticeMessageType,
    NoticeSettings,
    NoticeUrgency,
)

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_CONTENT_TYPE = "application/cap+xml; charset=utf-8"
#: Language tag of the easy-Japanese ``info`` (BCP 47 private use subtag).
EASY_JAPANESE_TAG = "ja-x-easy"

#: News category slug → CAP category (docs/notices.md lists the slugs).
CATEGORY_BY_SLUG = {
    "bosai": "Safety",
    "bohan": "Security",
    "kenko": "Health",
    "kurashi": "Other",
    "kosodate": "Other",
    "event": "Other",
}
_MESSAGE_TYPES = {
    NoticeMessageType.ALERT: "Alert",
    NoticeMessageType.UPDATE: "Update",
    NoticeMessageType.CANCEL: "Cancel",
}
_URGENCIES = {
    NoticeUrgency.EMERGENCY: "Immediate",
    NoticeUrgency.IMPORTANT: "Expected",
    NoticeUrgency.NORMAL: "Unknown",
}


def cap_time(moment: dt.datetime) -> str:
    """A CAP date-time: seconds, with the Asia/Tokyo offset (+09:00)."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def cap_identifier(page: NewsPage) -> str:
    return f"urn:uuid:{page.translation_key}"


def cap_sender(host: str) -> str:
    """The municipality's sender id (notice settings), else the site's host."""
    site = Site.objects.filter(is_default_site=True).first()
    configured = NoticeSettings.for_site(site).cap_sender if site else ""
    return (configured or host).replace(" ", "")


def _sent(page: NewsPage) -> dt.datetime:
    return page.first_published_at or page.last_published_at or timezone.now()


def _reference_chain(page: NewsPage) -> list[NewsPage]:
    """Every earlier message this one follows up, oldest first."""
    chain = []
    seen = {page.pk}
    current = page.references
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.references
    return list(reversed(chain))


def whole_area_polygon() -> str:
    """The municipality outline as a CAP polygon (``lat,lon`` pairs), or "".

    Stored as municipality data in the notice settings ([lon, lat] pairs as
    in GeoJSON); the demo loads it from the shared boundary file.
    """
    site = Site.objects.filter(is_default_site=True).first()
    ring = NoticeSettings.for_site(site).whole_area_polygon if site else []
    if not ring or len(ring) < 4:
        return ""
    if ring[0] != ring[-1]:
        ring = [*ring, ring[0]]
    return " ".join(f"{lat},{lon}" for lon, lat in ring)


@dataclass
class _Info:
    language: str
    headline: str
    description: str
    event: str
    web: str
    area_names: list[str]
    sender_name: str


def _page_text(page: NewsPage) -> str:
    parts = [page.lead] if page.lead else []
    for block in page.body:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(strip_tags(value.source))
        elif block.block_type == "heading":
            parts.append(str(value))
        elif block.block_type == "notice":
            parts.append(f"{value['title']}: {strip_tags(value['text'].source)}")
    return "\n".join(part.strip() for part in parts if part.strip())


def _event(page: NewsPage, categories: list) -> str:
    if page.event:
        return page.event
    if categories:
        return categories[0].name
    return page.title


def _infos(
    versions: list[NewsPage], municipality: Municipality | None, request
) -> list[_Info]:
    infos = []
    original = versions[0]
    districts = list(original.target_districts.all())
    for page in versions:
        language = page.locale.language_code
        name = municipality.display_name(language) if municipality else ""
        infos.append(
            _Info(
                language=language,
                headline=page.title,
                description=_page_text(page),
                event=_event(page, list(page.categories.all())),
                web=page.get_full_url(request) or "",
                area_names=[d.display_name(language) for d in districts] or [name],
                sender_name=name,
            )
        )
        if page is original and (page.easy_title or page.easy_text):
            infos.append(
                _Info(
                    language=EASY_JAPANESE_TAG,
                    headline=page.easy_title or page.title,
                    description=page.easy_text,
                    event=infos[0].event,
                    web=infos[0].web,
                    area_names=infos[0].area_names,
                    sender_name=name,
                )
            )
    return infos


def _element(handler: SimplerXMLGenerator, name: str, text: str) -> None:
    handler.addQuickElement(name, text)


def cap_document(versions: list[NewsPage], *, request) -> bytes:
    """The CAP 1.2 XML of one notice; ``versions`` is the original first, then
    its live language versions (:func:`notice_versions`)."""
    original = versions[0]
    municipality = municipality_current()
    host = request.get_host().split(":")[0]
    sender = cap_sender(host)
    categories = sorted(
        {CATEGORY_BY_SLUG.get(c.slug, "Other") for c in original.categories.all()}
    ) or ["Other"]
    polygon = "" if original.target_districts.all() else whole_area_polygon()
    stream = io.StringIO()
    handler = SimplerXMLGenerator(stream, "utf-8")
    handler.startDocument()
    handler.startElement("alert", {"xmlns": CAP_NAMESPACE})
    _element(handler, "identifier", cap_identifier(original))
    _element(handler, "sender", sender)
    _element(handler, "sent", cap_time(_sent(original)))
    _element(handler, "status", "Actual")
    _element(handler, "msgType", _MESSAGE_TYPES[original.message_type])
    _element(handler, "scope", "Public")
    chain = _reference_chain(original)
    if chain:
        _element(
            handler,
            "references",
            " ".join(
                f"{sender},{cap_identifier(page)},{cap_time(_sent(page))}"
                for page in chain
            ),
        )
        _element(handler, "incidents", cap_identifier(chain[0]))
    cancelled = original.message_type == NoticeMessageType.CANCEL
    for info in _infos(versions, municipality, request):
        handler.startElement("info", {})
        _element(handler, "language", info.language)
        for category in categories:
            _element(handler, "category", category)
        _element(handler, "event", info.event)
        if cancelled:
            _element(handler, "responseType", "AllClear")
        _element(
            handler,
            "urgency",
            "Past" if cancelled else _URGENCIES[original.urgency],
        )
        _element(handler, "severity", original.severity.capitalize())
        _element(handler, "certainty", original.certainty.capitalize())
        _element(handler, "effective", cap_time(_sent(original)))
        if original.expires_at:
            _element(handler, "expires", cap_time(original.expires_at))
        if info.sender_name:
            _element(handler, "senderName", info.sender_name)
        _element(handler, "headline", info.headline)
        if info.description:
            _element(handler, "description", info.description)
        if info.web:
            _element(handler, "web", info.web)
        for area_name in info.area_names:
            handler.startElement("area", {})
            _element(handler, "areaDesc", area_name)
            if polygon:
                _element(handler, "polygon", polygon)
            handler.endElement("area")
        handler.endElement("info")
    handler.endElement("alert")
    handler.endDocument()
    return stream.getvalue().encode()
