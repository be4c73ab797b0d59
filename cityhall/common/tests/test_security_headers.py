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
