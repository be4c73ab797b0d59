"""/api/v1/pages/search treats control characters like a blank query."""

from __future__ import annotations

import pytest

from cityhall.website.tests import factories as f

BASE = "/api/v1"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["\x00", "\x00\x00", "\x07", "\t", "\u200b"])
def test_control_characters_find_nothing_like_a_blank_query(client, query):
    """?q=%00 used to match every page; it now answers as ?q=%20 does: no
    results, not an error."""
    home = f.site_home()
    f.add_article(home, title="住民税の納付", body="年4回に分けて納めます")
    blank = client.get(f"{BASE}/pages/search", {"q": " "})
    response = client.get(f"{BASE}/pages/search", {"q": query})
    assert response.status_code == blank.status_code == 200
    body = response.json()
    assert body["count"] == blank.json()["count"] == 0
    assert body["items"] == []
    found = client.get(f"{BASE}/pages/search", {"q": "税"}).json()
    assert found["count"] == 1
