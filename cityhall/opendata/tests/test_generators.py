"""Platform-generated datasets: registered, built, refreshed only on change."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cityhall.core.services.schedule import periodic_tasks
from cityhall.core.tests.factories import DepartmentFactory, MunicipalityFactory
from cityhall.opendata import downloads
from cityhall.opendata.generators import DatasetGenerator, dataset_generators
from cityhall.opendata.models import Dataset
from cityhall.opendata.platform_datasets import EVENT_NOTICES
from cityhall.opendata.services.generators import (
    generated_csv,
    generated_dataset_refresh,
    generated_datasets_refresh,
)
from cityhall.website.models import NewsPage
from cityhall.website.notice_choices import EVENT_CATEGORY_SLUG
from cityhall.website.notice_selectors import event_notice_list_current
from cityhall.website.tests import factories as wf

pytestmark = pytest.mark.django_db


def test_departments_generator_is_registered_with_an_hourly_task():
    """The app registers its generator and the hourly refresh task."""
    assert "core-departments" in [g.key for g in dataset_generators()]
    assert periodic_tasks()["generated_datasets_refresh_hourly"] == "hourly"


def test_departments_dataset_follows_the_departments():
    """The departments dataset is published, and a renamed division appears
    after the next refresh as a new version; an unchanged run makes none."""
    department = DepartmentFactory(code="kikaku", name="企画課", phone="0287-23-1111")
    (result,) = generated_datasets_refresh(keys=["core-departments"])
    assert result == {
        "key": "core-departments",
        "rows": 1,
        "changed": True,
        "valid": True,
    }
    dataset = Dataset.objects.get(generator_key="core-departments")
    assert dataset.is_published
    resource = dataset.resources.get()
    first = resource.current_version
    assert "企画課" in b"".join(downloads.csv_render(first)).decode()

    assert generated_datasets_refresh(keys=["core-departments"])[0]["changed"] is False

    department.name = "企画政策課"
    department.save()
    generated_datasets_refresh(keys=["core-departments"])
    resource.refresh_from_db()
    assert resource.current_version.number == first.number + 1
    assert (
        "企画政策課"
        in b"".join(downloads.csv_render(resource.current_version)).decode()
    )


def test_generator_with_bad_rows_keeps_previous_version_live():
    """A generator producing an invalid row is rejected like a staff upload."""
    rows = [
        {
            "全国地方公共団体コード": "092100",
            "ID": "1",
            "地方公共団体名": "大田原市",
            "名称": "市役所",
        }
    ]
    generator = DatasetGenerator(
        key="test-wifi",
        name="test-wifi",
        title="テスト",
        schema_key="wifi-access-points",
        rows=lambda: rows,
    )
    assert generated_dataset_refresh(generator=generator)["valid"] is True
    rows.append(
        {
            "全国地方公共団体コード": "092100",
            "ID": "1",
            "地方公共団体名": "大田原市",
            "名称": "重複",
        }
    )
    assert generated_dataset_refresh(generator=generator)["valid"] is False
    resource = Dataset.objects.get(generator_key="test-wifi").resources.get()
    assert resource.current_version.number == 1
    assert resource.versions.count() == 2


@pytest.fixture
def news_site():
    """A site with a news list, an event category and another category."""
    municipality = MunicipalityFactory(local_government_code="092100", name="大田原市")
    home = wf.site_home()
    return {
        "municipality": municipality,
        "index": wf.add_news_index(home),
        "event": wf.news_category(name="イベント", slug=EVENT_CATEGORY_SLUG),
        "other": wf.news_category(name="くらし", slug="kurashi"),
    }


def _event_rows() -> list[dict[str, str]]:
    generator = next(g for g in dataset_generators() if g.key == EVENT_NOTICES.key)
    data, _count = generated_csv(generator)
    return list(csv.DictReader(io.StringIO(data.decode())))


def test_event_notices_generator_is_registered():
    """The app registers the events-from-notices generator in the standard
    イベント一覧 layout."""
    generator = next(
        g for g in dataset_generators() if g.key == "website-event-notices"
    )
    assert generator.schema_key == "events"


def test_live_event_notice_becomes_a_row(news_site):
    """A current event notice is one row: name, description, dates from its
    date and validity, its page's address and the responsible division."""
    division = DepartmentFactory(code="kanko", name="観光振興課", phone="0287-00-0001")
    today = timezone.localdate()
    news = wf.add_news(
        news_site["index"],
        title="あじさいまつりを開催します",
        lead="城址公園のあじさいをお楽しみください。",
        date=today,
        categories=[news_site["event"]],
        department=division,
    )
    # Valid until midnight starting the 11th day: the last day is the 10th.
    midnight = dt.datetime.combine(
        today + dt.timedelta(days=11), dt.time(0, 0), tzinfo=ZoneInfo("Asia/Tokyo")
    )
    NewsPage.objects.filter(pk=news.pk).update(expires_at=midnight)
    (row,) = _event_rows()
    assert row["全国地方公共団体コード"] == "092100"
    assert row["地方公共団体名"] == "大田原市"
    assert row["ID"] == str(news.translation_key)
    assert row["イベント名"] == "あじさいまつりを開催します"
    assert row["説明"] == "城址公園のあじさいをお楽しみください。"
    assert row["開始日"] == today.isoformat()
    assert row["終了日"] == (today + dt.timedelta(days=10)).isoformat()
    assert row["連絡先名称"] == "観光振興課"
    assert row["連絡先電話番号"] == "0287-00-0001"
    assert row["URL"] == news.get_full_url()
    assert row["URL"].startswith("http://testserver/")
    assert row["場所名称"] == ""


def test_english_version_gives_the_english_name(news_site):
    """The title of the notice's English version fills イベント名_英字."""
    news = wf.add_news(
        news_site["index"],
        title="産業文化まつり",
        date=dt.date(2026, 10, 1),
        categories=[news_site["event"]],
    )
    home = news.get_parent().get_parent()
    wf.translate(home, "en")
    wf.translate(news.get_parent(), "en")
    wf.translate(news, "en", title="Industry and Culture Festival")
    (row,) = _event_rows()
    assert row["イベント名"] == "産業文化まつり"
    assert row["イベント名_英字"] == "Industry and Culture Festival"


def test_drafts_expired_and_other_categories_are_skipped(news_site):
    """Only live, unexpired notices of the event category are listed."""
    index, event = news_site["index"], news_site["event"]
    wf.add_news(
        index, title="掲載中の催し", date=dt.date(2026, 5, 1), categories=[event]
    )
    expired = wf.add_news(
        index, title="終わった催し", date=dt.date(2026, 4, 1), categories=[event]
    )
    NewsPage.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - dt.timedelta(hours=1)
    )
    draft = wf.add_news(
        index, title="下書きの催し", date=dt.date(2026, 5, 2), categories=[event]
    )
    draft.unpublish()
    wf.add_news(
        index,
        title="ごみの出し方",
        date=dt.date(2026, 5, 3),
        categories=[news_site["other"]],
    )
    assert [row["イベント名"] for row in _event_rows()] == ["掲載中の催し"]


def test_event_notice_selector_query_count(news_site, django_assert_num_queries):
    """The selector reads 1 or 20 notices with the same number of queries."""
    division = DepartmentFactory(code="kanko", name="観光振興課")
    index, event = news_site["index"], news_site["event"]
    wf.add_news(
        index,
        title="催し0",
        date=dt.date(2026, 5, 1),
        categories=[event],
        department=division,
    )
    with django_assert_num_queries(3):
        assert len(event_notice_list_current()) == 1
    for number in range(1, 20):
        wf.add_news(
            index,
            title=f"催し{number}",
            date=dt.date(2026, 5, 1),
            categories=[event],
            department=division,
        )
    with django_assert_num_queries(3):
        pages = event_notice_list_current()
        assert len(pages) == 20
        assert {page.responsible_department() for page in pages} == {division}


def test_event_notices_dataset_is_validated_and_published(news_site):
    """The refresh validates the rows against the schema and publishes the
    dataset; a notice that ends drops out at the next refresh."""
    index, event = news_site["index"], news_site["event"]
    first = wf.add_news(
        index, title="市民マラソン大会", date=dt.date(2026, 11, 3), categories=[event]
    )
    wf.add_news(index, title="花火大会", date=dt.date(2026, 8, 15), categories=[event])
    (result,) = generated_datasets_refresh(keys=["website-event-notices"])
    assert result == {
        "key": "website-event-notices",
        "rows": 2,
        "changed": True,
        "valid": True,
    }
    dataset = Dataset.objects.get(generator_key="website-event-notices")
    assert dataset.is_published
    assert dataset.schema_key == "events"
    resource = dataset.resources.get()
    assert resource.current_version.row_count == 2
    text = b"".join(downloads.csv_render(resource.current_version)).decode()
    assert "市民マラソン大会" in text

    first.unpublish()
    (result,) = generated_datasets_refresh(keys=["website-event-notices"])
    assert result["rows"] == 1
    resource.refresh_from_db()
    text = b"".join(downloads.csv_render(resource.current_version)).decode()
    assert "市民マラソン大会" not in text
    assert "花火大会" in text


def test_published_events_schema_omits_the_location_extension(client, news_site):
    """The served events schema and the generated dataset's datapackage.json
    keep the coordinate fields but not Cityhall's x-location-optional; the
    dataset's portal page shows its rows."""
    wf.add_news(
        news_site["index"],
        title="花火大会",
        date=dt.date(2026, 8, 15),
        categories=[news_site["event"]],
    )
    generated_datasets_refresh(keys=["website-event-notices"])
    schema = client.get("/opendata/files/schemas/events.json").json()
    package = client.get("/opendata/files/dataset/notice-events/datapackage.json")
    for fields in (
        schema["fields"],
        package.json()["resources"][0]["schema"]["fields"],
    ):
        latitude = next(field for field in fields if field["name"] == "緯度")
        assert latitude["type"] == "number"
        assert "x-location-optional" not in latitude
    # The portal page previews the rows, empty coordinates and all.
    portal = client.get("/opendata/dataset/notice-events/")
    assert portal.status_code == 200
    assert "花火大会" in portal.content.decode()
