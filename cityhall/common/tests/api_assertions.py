"""Assertions shared by every app's API tests."""

from __future__ import annotations

import json


def assert_error_shape(response, status: int, code: str) -> dict:
    """``response`` is the API's JSON error with ``status`` and ``code``, and
    has a message; returns the error object for further checks."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]
