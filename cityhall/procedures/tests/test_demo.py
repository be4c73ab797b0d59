"""The guide's demo data: every page published in every language, the demo
rules valid for the editor, and the 手続きナビ answering from them."""

from __future__ import annotations

import pytest
from django.conf import settings
from wagtail.models import Locale

from cityhall.core.demo import demo_municipality_create
from cityhall.core.demo.organisation import organisation_create
from cityhall.procedures.blocks import RuleBlock
from cityhall.procedures.demo import demo_seed
from cityhall.procedures.models import LifeEventPage, ProcedurePage
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    municipality = demo_municipality_create()
    organisation_create(municipality=municipality)
    f.site_home()
    return demo_seed(municipality=municipality)


def test_every_language_has_the_guide(client, guide):
    """Each content language has the guide, its life events and procedures."""
    japanese = ProcedurePage.objects.live().filter(locale__language_code="ja")
    assert 15 <= japanese.count() <= 25
    assert LifeEventPage.objects.live().filter(locale__language_code="ja").count() >= 7
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        assert (
            ProcedurePage.objects.live().filter(locale=locale).count()
            == japanese.count()
        )


def test_demo_rules_pass_the_editors_validation(guide):
    """Every stored rule is one an editor could have saved."""
    block = RuleBlock()
    for page in ProcedurePage.objects.filter(locale__language_code="ja"):
        assert len(page.rules) > 0, page.title
        for rule in page.rules:
            block.clean(rule.value)


def test_counters_come_from_the_demo_divisions(guide):
    """A procedure's counter is its division's own location and name."""
    page = ProcedurePage.objects.get(slug="tennyu", locale__language_code="ja")
    assert page.department.location
    assert page.counter.startswith(page.department.location)
    assert page.department.name in page.counter


def test_moving_life_event_in_english_links_english_pages(client, guide):
    """The English copy of 引越し lists the procedures under /en/."""
    response = client.get("/en/tetsuzuki/hikkoshi/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/en/tetsuzuki/tennyu/"' in html
    assert 'href="/en/tetsuzuki/tenshutsu/"' in html


def test_navi_on_demo_data(client, guide):
    """Moving in with a seven-year-old: 転入届, 児童手当 and 就学, not 転出届."""
    response = client.get(
        "/procedures/navi/",
        {"moving": "in", "insurance": "employer", "child_1": "7", "age": "38"},
    )
    titles = [page.title for page in response.context["procedures"]]
    assert "転入届" in titles
    assert "児童手当の認定請求" in titles
    assert "就学の手続き（入学・転校）" in titles
    assert "転出届" not in titles
    assert "国民健康保険の加入・脱退" not in titles


def test_demo_procedure_is_found_by_search(client, guide):
    html = client.get("/search/", {"q": "印鑑"}).content.decode()
    assert 'href="/tetsuzuki/inkan/"' in html


def test_guide_is_in_the_main_menu(client, guide):
    """The demo guide is reachable from every page's main menu."""
    html = client.get("/").content.decode()
    nav = html[html.index('<nav class="global-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert f'href="{guide.url}"' in nav
