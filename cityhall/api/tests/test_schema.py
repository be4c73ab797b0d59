"""Property-based check of the whole API against its own OpenAPI document.

schemathesis generates valid and invalid requests for every operation of
/api/v1/openapi.json and runs all its checks on the answers (no 5xx; documented
status codes, content types, headers and bodies; invalid input refused, valid
input accepted), through the full WSGI stack, on a small demo-like data set.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from cityhall.api.api import api
from cityhall.website.tests import factories as f
from config.wsgi import application


def _load_schema():
    # Built from the API object, not fetched over WSGI: collection happens
    # before the database may be used, and middleware in front of the API
    # reads the cache table. Requests still go through the full WSGI stack.
    loaded = schemathesis.openapi.from_dict(
        json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1")))
    )
    loaded.app = application
    return loaded


schema = _load_schema()


@pytest.fixture
def wsgi_keeps_test_connection():
    """Requests go through the real WSGI handler, which closes database
    connections when a request ends; inside the test's transaction that would
    drop it (Django's test client disconnects the same receiver)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, wsgi_keeps_test_connection):
    """A small city like the demo one: districts, a 部 with a 課, a Japanese
    site with an English translation, articles and news in categories."""
    municipality = f.MunicipalityFactory(
        enabled_languages=["ja", "en"], opening_hours="平日 8:30〜17:15"
    )
    f.DistrictFactory(municipality=municipality, name="黒羽")
    parent = f.DepartmentFactory(municipality=municipality, name="総務部")
    division = f.DepartmentFactory(
        municipality=municipality, parent=parent, name="税務課", phone="0287-23-0001"
    )
    home = f.site_home()
    f.add_article(home, title="住民税の納付", body="年4回に分けて納めます")
    f.add_article(
        home, title="ごみの出し方", lead="収集日", body="ペットボトルは水曜日"
    )
    index = f.add_news_index(home)
    category = f.news_category(name="防災", slug="bosai")
    f.news_category(name="Disaster prevention", slug="bosai", language="en")
    for day in (1, 2, 3):
        f.add_news(
            index,
            title=f"防災訓練のお知らせ{day}",
            date=dt.date(2025, 1, day),
            body='<a href="/bosai/">防災</a>の<b>訓練</b>です',
            categories=[category],
            department=division,
        )
    f.translate(home, "en", title="Home")
    f.translate(index, "en", title="News")


@schema.parametrize()
@settings(
    # Per operation and generation mode (valid, invalid): about 30 s in all.
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, seeded):
    """Every check schemathesis has passes for every public operation."""
    case.call_and_validate()
