"""The API as a whole: mounting, error shape, documentation page."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from ninja.errors import AuthenticationError, AuthorizationError

from cityhall.api.api import ROUTERS, api
from cityhall.common.tests.api_assertions import assert_error_shape

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


# --- errors and documentation ----------------------------------------------------


def test_unknown_api_address_is_a_json_404(client):
    """An address under /api/v1/ that no endpoint serves is a JSON 404."""
    assert_error_shape(client.get(f"{BASE}/no-such-thing"), 404, "not_found")


def test_unexpected_exception_becomes_a_500_in_the_error_shape():
    """The API's handler for unexpected exceptions answers 500 without details."""
    request = RequestFactory().get(f"{BASE}/news")
    response = api.on_exception(request, RuntimeError("database on fire"))
    assert_error_shape(response, 500, "server_error")
    assert b"database on fire" not in response.content


def test_error_messages_speak_the_requested_language(client):
    """An error reads in the language the client asked for (?lang= or
    Accept-Language), Japanese by default."""
    url = f"{BASE}/departments/{uuid.uuid4()}"
    english = "Nothing was found at this address."
    assert client.get(url, {"lang": "en"}).json()["error"]["message"] == english
    by_header = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["error"]["message"]
    assert by_header == english
    with translation.override("ja"):
        japanese = translation.gettext(english)
    assert japanese != english
    assert client.get(url).json()["error"]["message"] == japanese


def test_every_router_module_is_mounted(client):
    """Each module listed in ROUTERS contributes its operations, under their
    published addresses and operation ids."""
    schema = client.get(f"{BASE}/openapi.json").json()
    operation_ids = {
        operation["operationId"]
        for path in schema["paths"].values()
        for operation in path.values()
    }
    assert ROUTERS[:2] == [("", "cityhall.core.api"), ("", "cityhall.website.api")]
    assert operation_ids >= {
        "cityhall_api_api_municipality",
        "cityhall_api_api_departments",
        "cityhall_api_api_department",
        "cityhall_api_api_news",
        "cityhall_api_api_news_item",
        "cityhall_api_api_pages_search",
    }


def test_wrong_method_is_a_json_405_with_allow(client):
    """POST to a read-only address answers 405 in the error shape, naming the
    method, keeping the Allow header."""
    response = client.post(f"{BASE}/news?lang=en")
    error = assert_error_shape(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"
    assert error["details"] == {"allowed": ["GET"]}
    assert "POST" in error["message"]


@pytest.mark.parametrize(
    ("exception", "status", "code"),
    [
        (AuthenticationError(), 401, "not_authenticated"),
        (AuthorizationError(), 403, "permission_denied"),
        (PermissionDenied(), 403, "permission_denied"),
    ],
)
def test_auth_errors_use_the_error_shape(exception, status, code):
    """401 and 403 (ninja's and Django's) have the error shape with our codes,
    not django-ninja's plain "Unauthorized" / "Forbidden"."""
    request = RequestFactory().get(f"{BASE}/news", {"lang": "en"})
    error = assert_error_shape(api.on_exception(request, exception), status, code)
    assert error["message"] not in ("Unauthorized", "Forbidden")


def test_docs_page_loads_vendored_swagger_under_the_csp(client):
    """The docs page loads Swagger UI from our static files, with no inline
    script, and carries the site's Content-Security-Policy."""
    response = client.get(f"{BASE}/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>", html)
    sources = [re.search(r'src="([^"]+)"', attrs) for attrs in scripts]
    executable = [match.group(1) for match in sources if match is not None]
    assert executable == [
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/common/api/swagger-init.js",
    ]
    # The only script element without src is the JSON settings block.
    assert [a for a in scripts if "src=" not in a] == [
        ' type="application/json" id="swagger-settings"'
    ]
    assert '"url": "/api/v1/openapi.json"' in html
    assert "cdn" not in html


def test_openapi_document_and_docs_are_served(client):
    """The OpenAPI document names the API; the docs page renders."""
    schema = client.get(f"{BASE}/openapi.json").json()
    assert schema["info"]["title"] == "Cityhall API"
    assert schema["info"]["version"] == "1"
    assert "/api/v1/news/{id}" in schema["paths"]
    assert client.get(f"{BASE}/docs").status_code == 200
