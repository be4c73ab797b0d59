import pytest

pytestmark = pytest.mark.django_db


def test_public_responses_carry_the_content_security_policy(client):
    """Public pages forbid scripts from anywhere but our own origin."""
    response = client.get("/healthz")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_staff_console_is_exempt(client):
    """Wagtail's admin brings inline code of its own and keeps its own headers."""
    response = client.get("/admin/login/")
    assert "Content-Security-Policy" not in response


def test_every_response_carries_a_restrictive_permissions_policy(client):
    """Camera, microphone, location, payment and USB are off for our pages and
    anything they embed: public pages, the console and the API alike."""
    for path in ("/healthz", "/admin/login/", "/staff/login/", "/api/v1/openapi.json"):
        policy = client.get(path)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy, (path, feature)


def test_permissions_policy_quotes_origins():
    """An allowed origin is quoted as the header's syntax requires; self is not."""
    from cityhall.common.security_headers import permissions_policy_header

    header = permissions_policy_header(
        {"camera": [], "payment": ["self", "https://pay.example"]}
    )
    assert header == 'camera=(), payment=(self "https://pay.example")'
