"""Emergency publishing, follow-ups (updates and cancellations), the banner
that current emergencies switch on and off, and the hand-off to delivery."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.utils import timezone
from wagtail.models import Site

from cityhall.core.models import AuditRecord, Role
from cityhall.core.tests.factories import (
    DepartmentFactory,
    RoleAssignmentFactory,
    StaffFactory,
)
from cityhall.notices.publishing.errors import NoticePublishError
from cityhall.notices.publishing.services import (
    notice_emergency_publish,
    notice_follow_up_create,
)
from cityhall.notices.tests.notice_pages import add_notice, notice_site
from cityhall.website import page_cache
from cityhall.website.models import (
    NewsPage,
    NoticeMessageType,
    NoticeSettings,
    NoticeUrgency,
)
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db


def test_crisis_staff_publish_an_emergency_at_once_and_it_is_audited():
    """The latest revision goes live without approval; the audit trail says
    who did it as notice.emergency_publish."""
    _municipality, index = notice_site()
    user = _crisis_user()
    draft = add_notice(index, urgency=NoticeUrgency.EMERGENCY, publish=False)
    published = notice_emergency_publish(page_id=draft.pk, user=user)
    assert published.live
    record = AuditRecord.objects.get(action="notice.emergency_publish")
    assert record.actor_id == user.pk
    assert record.target_id == str(draft.pk)


def _crisis_user():
    division = DepartmentFactory(name="危機管理課")
    settings = NoticeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.crisis_department = division
    settings.save()
    return RoleAssignmentFactory(role=Role.GENERAL_STAFF, department=division).user


def test_others_cannot_publish_an_emergency_and_nothing_changes():
    """Staff of another division are refused; the notice stays a draft and no
    audit record is written."""
    _municipality, index = notice_site()
    _crisis_user()
    other = RoleAssignmentFactory(role=Role.WEB_EDITOR).user
    draft = add_notice(index, urgency=NoticeUrgency.EMERGENCY, publish=False)
    with pytest.raises(NoticePublishError) as raised:
        notice_emergency_publish(page_id=draft.pk, user=other)
    assert raised.value.code == "permission_denied"
    assert not NewsPage.objects.get(pk=draft.pk).live
    assert not AuditRecord.objects.filter(action="notice.emergency_publish").exists()


def test_an_ordinary_notice_is_not_published_by_the_emergency_path():
    """Only urgency 緊急 skips approval, even for crisis staff."""
    _municipality, index = notice_site()
    user = _crisis_user()
    draft = add_notice(index, urgency=NoticeUrgency.IMPORTANT, publish=False)
    with pytest.raises(NoticePublishError) as raised:
        notice_emergency_publish(page_id=draft.pk, user=user)
    assert raised.value.code == "not_emergency"
    assert not NewsPage.objects.get(pk=draft.pk).live


def test_follow_up_drafts_an_update_referring_to_the_original():
    """An update copies text, districts and categories, refers to the original
    and is an unpublished draft until someone publishes it."""
    municipality, index = notice_site()
    bosai = f.news_category(name="防災・緊急", slug="bosai")
    area = f.DistrictFactory(municipality=municipality, name="黒羽")
    original = add_notice(
        index,
        urgency=NoticeUrgency.EMERGENCY,
        categories=[bosai],
        districts=[area],
        channels=["email", "line"],
    )
    editor = StaffFactory(is_superuser=True)
    draft = notice_follow_up_create(
        original_id=original.pk,
        message_type=NoticeMessageType.UPDATE,
        user=editor,
    )
    draft = NewsPage.objects.get(pk=draft.pk)
    assert not draft.live
    assert draft.references_id == original.pk
    assert draft.message_type == NoticeMessageType.UPDATE
    assert draft.title == original.title
    assert draft.channels == ["email", "line"]
    assert list(draft.categories.all()) == [bosai]
    assert list(draft.target_districts.all()) == [area]
    assert draft.get_parent().pk == index.pk


def test_a_cancellation_cannot_be_followed_up():
    """Cancelling a cancellation is refused with a clear code."""
    _municipality, index = notice_site()
    original = add_notice(index, urgency=NoticeUrgency.EMERGENCY)
    cancel = add_notice(
        index,
        urgency=NoticeUrgency.EMERGENCY,
        message_type=NoticeMessageType.CANCEL,
        references=original,
    )
    with pytest.raises(NoticePublishError) as raised:
        notice_follow_up_create(
            original_id=cancel.pk,
            message_type=NoticeMessageType.UPDATE,
            user=StaffFactory(is_superuser=True),
        )
    assert raised.value.code == "cannot_follow_up"


def _banner(client) -> str:
    html = client.get("/").content.decode()
    start = html.find('id="emergency-banner"')
    return html[start : html.find("</div>", start)] if start >= 0 else ""


def test_publishing_an_emergency_switches_the_banner_on_and_cancelling_off(client):
    """No banner before; the emergency's title after publishing (the cached
    home page included); gone once its cancellation is published."""
    _municipality, index = notice_site()
    assert _banner(client) == ""
    alert = add_notice(index, title="避難指示（黒羽）", urgency=NoticeUrgency.EMERGENCY)
    assert "避難指示（黒羽）" in _banner(client)
    assert "避難指示（黒羽）" in _banner(client)  # served from the page cache
    add_notice(
        index,
        title="避難指示の解除",
        urgency=NoticeUrgency.EMERGENCY,
        message_type=NoticeMessageType.CANCEL,
        references=alert,
    )
    assert _banner(client) == ""


def test_an_update_replaces_the_alert_in_the_banner(client):
    """The banner shows the latest word on an alert."""
    _municipality, index = notice_site()
    alert = add_notice(index, title="第1報", urgency=NoticeUrgency.EMERGENCY)
    add_notice(
        index,
        title="第2報",
        urgency=NoticeUrgency.EMERGENCY,
        message_type=NoticeMessageType.UPDATE,
        references=alert,
    )
    banner = _banner(client)
    assert "第2報" in banner
    assert "第1報" not in banner


def test_the_banner_goes_off_when_the_emergency_expires(client, monkeypatch):
    """Expiry needs no publish and no periodic task: the first request after
    the end of validity starts a new content generation, so the cached page
    with the banner is not served any more."""
    _municipality, index = notice_site()
    # Well inside PAGE_CACHE_SECONDS: only the end of validity explains a miss.
    end = timezone.now() + dt.timedelta(seconds=60)
    add_notice(index, title="避難指示", urgency=NoticeUrgency.EMERGENCY, expires_at=end)
    assert "避難指示" in _banner(client)
    assert client.get("/")["X-Cache"] == "hit"
    later = end + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(page_cache.time, "time", lambda: later.timestamp())
    page_cache.forget_process_memos()  # a process whose 1 s memo has run out
    response = client.get("/")
    assert response["X-Cache"] == "miss"
    assert 'id="emergency-banner"' not in response.content.decode()


def test_the_manual_banner_still_wins(client):
    """A banner switched on by hand is shown instead of the notices'."""
    _municipality, index = notice_site()
    add_notice(index, title="避難指示", urgency=NoticeUrgency.EMERGENCY)
    f.emergency_banner_set(is_active=True, title="断水のお知らせ")
    banner = _banner(client)
    assert "断水のお知らせ" in banner
    assert "避難指示" not in banner


def test_publishing_hands_the_original_to_delivery(
    caplog, django_capture_on_commit_callbacks
):
    """Publishing the Japanese original asks the delivery engine to start
    (here: reports that none is installed yet); a translation does not."""
    _municipality, index = notice_site()
    logger = "cityhall.notices.publishing.services"
    with (
        caplog.at_level(logging.INFO, logger=logger),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page = add_notice(index, urgency=NoticeUrgency.EMERGENCY)
    messages = [r.getMessage() for r in caplog.records]
    try:
        import cityhall.notices.services.delivery  # noqa: F401
    except ImportError:
        assert f"notice {page.pk} published; no delivery engine installed" in messages
    else:  # merged: the engine's own records show the start
        assert not any("no delivery engine" in m for m in messages)


def test_scheduled_emergency_goes_live_and_switches_the_banner_on(client, monkeypatch):
    """An emergency scheduled for later is not shown before its time; once the
    scheduled-publishing task runs after it, the page is live and the banner
    is on."""
    from cityhall.core.services.schedule import periodic_tasks
    from cityhall.notices.publishing.tasks import notices_publish_scheduled_hourly

    _municipality, index = notice_site()
    start = timezone.now() + dt.timedelta(hours=1)
    page = add_notice(
        index,
        title="予定された避難指示",
        urgency=NoticeUrgency.EMERGENCY,
        go_live_at=start,
    )
    assert not NewsPage.objects.get(pk=page.pk).live
    assert "予定された避難指示" not in _banner(client)
    later = start + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    notices_publish_scheduled_hourly.call()
    assert NewsPage.objects.get(pk=page.pk).live
    assert "予定された避難指示" in _banner(client)
    assert periodic_tasks()[notices_publish_scheduled_hourly.name] == "hourly"


def test_a_notice_page_says_when_it_is_no_longer_in_effect(client, monkeypatch):
    """The page cache keeps a notice's page only until its end of validity;
    after it the page is rendered again and says it is no longer in effect."""
    _municipality, index = notice_site()
    # Well inside PAGE_CACHE_SECONDS: only the end of validity explains a miss.
    end = timezone.now() + dt.timedelta(seconds=60)
    page = add_notice(
        index, title="断水", urgency=NoticeUrgency.IMPORTANT, expires_at=end
    )
    first = client.get(page.url)
    assert 'id="notice-expired"' not in first.content.decode()
    assert client.get(page.url)["X-Cache"] == "hit"
    later = end + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(page_cache.time, "time", lambda: later.timestamp())
    response = client.get(page.url)
    assert response["X-Cache"] == "miss"
    assert 'id="notice-expired"' in response.content.decode()
