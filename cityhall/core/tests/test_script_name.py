"""A script prefix (WSGI ``SCRIPT_NAME``) never opens the console without the
second factor.

gunicorn fills ``SCRIPT_NAME`` in from a client's ``SCRIPT_NAME:`` header.
Django's WSGI handler then makes it the prefix of every ``reverse()``, which is
what once made the second-factor middleware's path comparison miss. These tests
send requests the way Django's handler sees them: ``SCRIPT_NAME`` in the environ
and the same script prefix set for ``reverse()`` (``override_script_prefix``,
which the test client alone does not do). The real gunicorn is in
``test_serve_http.py``.
"""

from __future__ import annotations

import pytest
from django.test.utils import override_script_prefix
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from cityhall.common.wsgi_path import RootPathApplication
from cityhall.core.tests.factories import PASSWORD, StaffFactory, totp_device_for

pytestmark = pytest.mark.django_db

PREFIX = "/x"
LOGIN = "/admin/login/"
LOGOUT = "/admin/logout/"


def _parameterless_routes(patterns, prefix: str) -> list[str]:
    routes = []
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        route = prefix + str(entry.pattern)
        if "<" in route:
            continue
        if isinstance(entry, URLResolver):
            routes += _parameterless_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return routes


def admin_paths() -> list[str]:
    """Every console address without a path parameter, as ``/admin/…``."""
    admin = next(
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and str(entry.pattern) == "admin/"
    )
    return sorted({"/" + route for route in _parameterless_routes([admin], "")})


@pytest.fixture
def staff(db):
    """An enrolled staff member who may use the whole console."""
    user = StaffFactory(is_superuser=True)
    totp_device_for(user)
    return user


def _get(client, path: str, **extra):
    with override_script_prefix(PREFIX + "/"):
        return client.get(path, SCRIPT_NAME=PREFIX, **extra)


def test_the_console_has_many_parameterless_addresses():
    """The walk below covers the console, not a handful of pages."""
    paths = admin_paths()
    assert "/admin/" in paths
    assert LOGIN in paths
    assert len(paths) > 30


def test_password_only_session_reaches_no_console_address_under_a_prefix(client, staff):
    """With SCRIPT_NAME set, every console address still sends a password-only
    session to the code step (before the fix /admin/ answered 200)."""
    client.login(email=staff.email, password=PASSWORD)
    checked = 0
    for path in admin_paths():
        if path in (LOGIN, LOGOUT):
            continue
        response = _get(client, path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{PREFIX}/staff/login/verify/"), path
        checked += 1
    assert checked > 30


def test_wagtail_login_page_is_never_served_under_a_prefix(client, staff):
    """/admin/login/ with SCRIPT_NAME goes to the staff sign-in: Wagtail's form
    is not shown, and posting the password to it signs nobody in."""
    response = _get(client, LOGIN)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{PREFIX}/staff/login/")
    with override_script_prefix(PREFIX + "/"):
        posted = client.post(
            LOGIN,
            {"username": staff.email, "password": PASSWORD},
            SCRIPT_NAME=PREFIX,
        )
    assert posted.status_code == 302
    assert posted["Location"].startswith(f"{PREFIX}/staff/login/")
    assert "_auth_user_id" not in client.session
    assert _get(client, "/admin/").status_code == 302


def test_wagtail_login_page_is_never_served_for_a_signed_in_session(client, staff):
    """Even a password-only session is sent from Wagtail's login page to ours."""
    client.login(email=staff.email, password=PASSWORD)
    response = _get(client, LOGIN)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{PREFIX}/staff/login/")


def test_root_path_application_folds_the_prefix_back_into_the_path():
    """The WSGI wrapper empties SCRIPT_NAME and restores the path the client
    asked for, so /x/admin/ is not the console."""
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return [b""]

    RootPathApplication(app)(
        {"SCRIPT_NAME": PREFIX, "PATH_INFO": "/admin/login/"}, lambda *a: None
    )
    assert seen["SCRIPT_NAME"] == ""
    assert seen["PATH_INFO"] == f"{PREFIX}/admin/login/"
    RootPathApplication(app)({"SCRIPT_NAME": "", "PATH_INFO": "/admin/"}, None)
    assert (seen["SCRIPT_NAME"], seen["PATH_INFO"]) == ("", "/admin/")


def test_deployed_application_ignores_script_name(transactional_db):
    """config.wsgi's application (what gunicorn serves) answers /x/admin/ with
    SCRIPT_NAME=/x as the path /x/admin/: no such page."""
    from io import BytesIO

    from config.wsgi import application

    statuses = []
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": PREFIX,
        "PATH_INFO": "/admin/login/",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": BytesIO(),
    }
    body = b"".join(
        application(environ, lambda status, headers, *a: statuses.append(status))
    )
    assert statuses[0].startswith("404")
    assert b"wagtailadmin" not in body


def test_resolved_wagtail_login_view_is_redirected_whatever_the_path(rf):
    """The second check: whichever path resolved to Wagtail's login view, the
    middleware answers with the staff sign-in before the view runs."""
    from django.urls import resolve

    from cityhall.core.middleware import StaffSecondFactorMiddleware

    middleware = StaffSecondFactorMiddleware(lambda request: None)
    request = rf.get("/somewhere-else/")
    request.resolver_match = resolve(LOGIN)
    response = middleware.process_view(request, None, (), {})
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
    request.resolver_match = resolve("/admin/")
    assert middleware.process_view(request, None, (), {}) is None
