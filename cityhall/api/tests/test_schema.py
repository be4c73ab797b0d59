"""Property-based check of the whole API against its own OpenAPI document.

schemathesis generates requests from /api/v1/openapi.json and checks that no
response is a 5xx and that every response matches the documented status codes,
content types and schemas, on a small seeded data set.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

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
    """A municipality with departments, pages and news to be found."""
    municipality = f.MunicipalityFactory()
    f.DistrictFactory(municipality=municipality)
    parent = f.DepartmentFactory(municipality=municipality)
    f.DepartmentFactory(municipality=municipality, parent=parent)
    home = f.site_home()
    f.add_article(home, title="住民税の納付", body="年4回に分けて納めます")
    index = f.add_news_index(home)
    category = f.news_category(name="防災", slug="bosai")
    f.add_news(
        index,
        title="防災訓練",
        date=dt.date(2025, 1, 1),
        categories=[category],
        department=parent,
    )


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, seeded):
    """No 5xx; status codes, content types and bodies match the OpenAPI document."""
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
