"""CAP 1.2 documents of notices and the CAP index, checked against the OASIS
schema (lxml) and a feed parser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from cityhall.notices.tests.notice_pages import add_notice, district, notice_site
from cityhall.website.models import NoticeMessageType, NoticeUrgency
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(
    etree.parse(str(Path(__file__).parents[1] / "schemas" / "CAP-v1.2.xsd"))
)
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"


def cap_of(client, page):
    response = client.get(f"/feeds/alerts/{page.translation_key}.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    document = etree.fromstring(response.content)
    SCHEMA.assertValid(document)
    return document


def test_cap_alert_for_districts_in_every_language_with_easy_japanese(client):
    """An evacuation alert for two districts: valid CAP with +09:00 times, one
    info per language (Japanese, easy Japanese as ja-x-easy, English), one
    area per district named in that language, no polygon."""
    municipality, index = notice_site()
    kurobane = district(municipality, "黒羽", "くろばね", en="Kurobane")
    yuzukami = district(municipality, "湯津上", "ゆづかみ", en="Yuzukami")
    bosai = f.news_category(name="防災・緊急", slug="bosai")
    page = add_notice(
        index,
        title="【緊急】那珂川の氾濫のおそれ 避難指示",
        lead="黒羽・湯津上地区に避難指示を発令しました。",
        categories=[bosai],
        districts=[kurobane, yuzukami],
        urgency=NoticeUrgency.EMERGENCY,
        severity="severe",
        certainty="likely",
        event="洪水",
        easy_title="にげてください",
        easy_text="かわの みずが あふれそうです。",
        expires_at=timezone.now() + dt.timedelta(hours=6),
    )
    f.translate(index.get_parent(), "en", title="Home")
    f.translate(index, "en", title="News")
    f.translate(page, "en", title="Evacuation order: Naka River", event="Flood")
    document = cap_of(client, page)
    assert document.findtext(f"{CAP}identifier") == f"urn:uuid:{page.translation_key}"
    assert document.findtext(f"{CAP}sender") == "bousai@city.example.jp"
    assert document.findtext(f"{CAP}sent").endswith("+09:00")
    assert document.findtext(f"{CAP}msgType") == "Alert"
    assert document.findtext(f"{CAP}scope") == "Public"
    infos = document.findall(f"{CAP}info")
    assert [i.findtext(f"{CAP}language") for i in infos] == ["ja", "ja-x-easy", "en"]
    ja, easy, en = infos
    assert ja.findtext(f"{CAP}category") == "Safety"
    assert ja.findtext(f"{CAP}urgency") == "Immediate"
    assert ja.findtext(f"{CAP}severity") == "Severe"
    assert ja.findtext(f"{CAP}certainty") == "Likely"
    assert ja.findtext(f"{CAP}event") == "洪水"
    assert ja.findtext(f"{CAP}expires").endswith("+09:00")
    assert easy.findtext(f"{CAP}headline") == "にげてください"
    assert en.findtext(f"{CAP}headline") == "Evacuation order: Naka River"
    assert [a.findtext(f"{CAP}areaDesc") for a in ja.findall(f"{CAP}area")] == [
        "黒羽",
        "湯津上",
    ]
    assert [a.findtext(f"{CAP}areaDesc") for a in en.findall(f"{CAP}area")] == [
        "Kurobane",
        "Yuzukami",
    ]
    assert not document.findall(f".//{CAP}polygon")


def test_cap_whole_municipality_uses_the_outline_polygon(client):
    """No target district: the area is the municipality with its outline as a
    closed polygon of lat,lon pairs."""
    _municipality, index = notice_site()
    page = add_notice(index, urgency=NoticeUrgency.IMPORTANT)
    document = cap_of(client, page)
    (area,) = document.findall(f".//{CAP}area")
    assert area.findtext(f"{CAP}areaDesc") == "見本市"
    points = area.findtext(f"{CAP}polygon").split(" ")
    assert points[0] == points[-1] == "36.8,140.1"
    assert len(points) == 5


def test_update_and_cancel_reference_the_earlier_messages(client):
    """An update references the alert; a cancellation of the update references
    both, oldest first, and says AllClear."""
    _municipality, index = notice_site()
    alert = add_notice(index, urgency=NoticeUrgency.EMERGENCY)
    update = add_notice(
        index,
        urgency=NoticeUrgency.EMERGENCY,
        message_type=NoticeMessageType.UPDATE,
        references=alert,
    )
    cancel = add_notice(
        index,
        urgency=NoticeUrgency.EMERGENCY,
        message_type=NoticeMessageType.CANCEL,
        references=update,
    )
    update_doc = cap_of(client, update)
    assert update_doc.findtext(f"{CAP}msgType") == "Update"
    (reference,) = update_doc.findtext(f"{CAP}references").split(" ")
    sender, identifier, sent = reference.split(",")
    assert sender == "bousai@city.example.jp"
    assert identifier == f"urn:uuid:{alert.translation_key}"
    assert sent.endswith("+09:00")
    cancel_doc = cap_of(client, cancel)
    assert cancel_doc.findtext(f"{CAP}msgType") == "Cancel"
    references = cancel_doc.findtext(f"{CAP}references").split(" ")
    assert [r.split(",")[1] for r in references] == [
        f"urn:uuid:{alert.translation_key}",
        f"urn:uuid:{update.translation_key}",
    ]
    info = cancel_doc.find(f"{CAP}info")
    assert info.findtext(f"{CAP}responseType") == "AllClear"
    assert info.findtext(f"{CAP}urgency") == "Past"


def test_cap_index_lists_current_alerts_linking_to_their_documents(client):
    """The index is Atom that a feed parser reads; it lists the current update
    (not the alert it replaced, not a normal notice, not an expired alert), and
    each entry links to a CAP document that validates."""
    _municipality, index = notice_site()
    alert = add_notice(index, title="第1報", urgency=NoticeUrgency.EMERGENCY)
    update = add_notice(
        index,
        title="第2報",
        urgency=NoticeUrgency.EMERGENCY,
        message_type=NoticeMessageType.UPDATE,
        references=alert,
    )
    add_notice(index, title="ごみ収集", urgency=NoticeUrgency.NORMAL)
    add_notice(
        index,
        title="期限切れ",
        urgency=NoticeUrgency.IMPORTANT,
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    response = client.get("/feeds/alerts.cap")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["第2報"]
    (entry,) = feed.entries
    cap_link = next(link for link in entry.links if link.rel == "alternate")
    assert cap_link.type == "application/cap+xml"
    assert cap_link.href.endswith(f"/feeds/alerts/{update.translation_key}.xml")
    assert entry.id == f"urn:uuid:{update.translation_key}"
    cap_of(client, update)


def test_cap_of_unknown_or_unpublished_notice_is_404(client):
    """Drafts and unknown identifiers have no CAP document."""
    _municipality, index = notice_site()
    draft = add_notice(index, urgency=NoticeUrgency.EMERGENCY, publish=False)
    assert client.get(f"/feeds/alerts/{draft.translation_key}.xml").status_code == 404
    missing = "/feeds/alerts/00000000-0000-0000-0000-000000000000.xml"
    assert client.get(missing).status_code == 404
