"""The editor's easy-Japanese panel lists findings for the chosen fields."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation

from cityhall.website.easy_japanese_panel import EasyJapaneseCheckPanel, plain_text
from cityhall.website.models import NewsPage

pytestmark = pytest.mark.django_db


def _render(page: NewsPage, fields: tuple[str, ...]) -> str:
    panel = EasyJapaneseCheckPanel(field_names=fields).bind_to_model(NewsPage)
    request = RequestFactory().get("/admin/")
    return panel.get_bound_panel(instance=page, request=request).render_html()


def test_panel_lists_findings_with_suggestions():
    """A title with an administrative word and 敬語 gets both findings."""
    page = NewsPage(title="避難勧告を発令いたします。")
    html = _render(page, ("title",))
    assert "避難勧告" in html
    assert "にげて ください" in html
    assert "いたします" in html
    assert 'lang="ja"' in html


def test_panel_says_when_the_text_is_fine_or_empty():
    """Plain easy Japanese passes; an empty field asks for text."""
    with translation.override("en"):
        assert "No problems found" in _render(
            NewsPage(title="川の 水が 増えました。"), ("title",)
        )
        assert "save a draft" in _render(NewsPage(title=""), ("title",))


def test_plain_text_of_rich_text():
    """Markup is removed and entities decoded."""
    assert plain_text("<p>避難&amp;給水</p>") == "避難&給水"
