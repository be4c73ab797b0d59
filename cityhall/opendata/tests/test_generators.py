"""Platform-generated datasets: registered, built, refreshed only on change."""

from __future__ import annotations

import pytest

from cityhall.core.services.schedule import periodic_tasks
from cityhall.core.tests.factories import DepartmentFactory
from cityhall.opendata import downloads
from cityhall.opendata.generators import DatasetGenerator, dataset_generators
from cityhall.opendata.models import Dataset
from cityhall.opendata.services.generators import (
    generated_dataset_refresh,
    generated_datasets_refresh,
)

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
