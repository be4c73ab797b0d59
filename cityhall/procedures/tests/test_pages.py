"""Procedure guide pages: the guide, a procedure's facts, a life event's list,
their language versions and the editor's rule validation."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document

from cityhall.core.tests.factories import DepartmentFactory, MunicipalityFactory
from cityhall.procedures.blocks import RuleBlock
from cityhall.procedures.tests import factories as pf
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db

#: Warm full renders (page cache off): the route's page row, then the lists.
QUERIES_LIFE_EVENT = 3
QUERIES_GUIDE = 3


@pytest.fixture
def home():
    return f.site_home()


@pytest.fixture
def guide(home):
    return pf.add_guide(home, lead="暮らしの手続きをご案内します")


def test_guide_lists_life_events_procedures_and_the_finder(client, guide):
    """The guide links each life event and procedure and the 手続きナビ."""
    tennyu = pf.add_procedure(guide, title="転入届")
    event = pf.add_life_event(guide, title="引越し", procedures=[tennyu])
    response = client.get(guide.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{event.url}"' in html
    assert f'href="{tennyu.url}"' in html
    assert 'href="/procedures/navi/"' in html


def test_procedure_page_shows_every_fact(client, guide):
    """Who, deadline, counter and division, what to bring, fee, the form to
    download and the online address all appear on the page."""
    division = DepartmentFactory(
        municipality=MunicipalityFactory(), name="市民課", phone="0287-00-1111"
    )
    document = Document(title="転入届の様式")
    document.file.save("tennyu.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    page = pf.add_procedure(
        guide,
        title="転入届",
        who="引っ越してきた本人または世帯主",
        deadline="住み始めてから14日以内",
        counter="本庁舎1階 3番窓口",
        department=division,
        bring="本人確認書類\n転出証明書\n\n",
        fee_amount=0,
        online_url="https://example.jp/apply",
        online_note="マイナンバーカードで",
        form_documents=[("form", {"document": document, "title": ""})],
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "引っ越してきた本人または世帯主",
        "住み始めてから14日以内",
        "本庁舎1階 3番窓口",
        "市民課",
        "<li>本人確認書類</li>",
        "<li>転出証明書</li>",
        'href="https://example.jp/apply"',
        "マイナンバーカードで",
        f'href="{document.url}">転入届の様式</a>',
    ):
        assert text in html
    assert html.count("<li>") >= 2 and "<li></li>" not in html


@pytest.mark.parametrize(
    ("amount", "note", "expected"),
    [
        (0, "", "Free"),
        (300, "1通につき", "300 yen (1通につき)"),
        (None, "手数料は証明書により異なります", "手数料は証明書により異なります"),
        (None, "", "Ask the responsible division."),
    ],
)
def test_fee_text(amount, note, expected):
    """A fixed fee in yen, free, or the editor's note where the fee varies."""
    from cityhall.procedures.models import ProcedurePage

    page = ProcedurePage(title="x", fee_amount=amount, fee_note=note)
    with translation.override("en"):
        assert page.fee_text() == expected


def test_life_event_lists_its_procedures_in_the_editors_order(client, guide):
    """The life event shows its procedures in the order chosen, not tree order."""
    first = pf.add_procedure(guide, title="転入届")
    second = pf.add_procedure(guide, title="印鑑登録")
    event = pf.add_life_event(guide, title="引越し", procedures=[second, first])
    html = client.get(event.url).content.decode()
    assert html.index(f'href="{second.url}"') < html.index(f'href="{first.url}"')
    # The procedure page links back to the life event.
    assert f'href="{event.url}"' in client.get(first.url).content.decode()


def test_life_event_in_english_links_the_english_procedure(client, home, guide):
    """A translated life event lists the English versions of its procedures,
    though its links name the Japanese pages."""
    procedure = pf.add_procedure(guide, title="転入届", slug="tennyu")
    event = pf.add_life_event(
        guide, title="引越し", slug="hikkoshi", procedures=[procedure]
    )
    home_en = f.translate(home, "en", title="Home")
    guide_en = f.translate(guide, "en", title="Procedure guide")
    procedure_en = f.translate(procedure, "en", title="Moving-in notification")
    event_en = f.translate(event, "en", title="Moving house")
    assert home_en.live and guide_en.live
    html = client.get(event_en.url).content.decode()
    assert event_en.url.startswith("/en/")
    assert f'href="{procedure_en.url}">Moving-in notification</a>' in html
    assert f'href="{procedure.url}"' not in html


def test_rule_without_conditions_is_refused():
    """An editor cannot save a rule that names no condition."""
    block = RuleBlock()
    with translation.override("en"):
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({}))
        # The message is lazy: read it while English is active.
        assert "at least one condition" in str(caught.value.non_block_errors)


def test_rule_with_upper_age_below_lower_is_refused():
    """Ages the wrong way round are refused on the upper bound."""
    block = RuleBlock()
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python({"age_min": 70, "age_max": 65}))
    assert "age_max" in caught.value.block_errors
    assert block.clean(block.to_python({"age_min": 65, "age_max": 70}))["age_min"] == 65


@pytest.fixture
def without_page_cache(settings):
    """Measure rendering itself: the anonymous page cache is switched off."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("AnonymousPageCacheMiddleware")
    ]


def _render(client, url, django_assert_num_queries, expected):
    client.get(url)  # warm the process, as any running site is
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_life_event_page_query_count(
    client, guide, without_page_cache, django_assert_num_queries, count
):
    """A life event costs the same queries with 1 or 20 procedures: its links
    and the procedures in its language, besides the page itself."""
    procedures = [pf.add_procedure(guide, title=f"手続き{n}") for n in range(count)]
    event = pf.add_life_event(guide, title="引越し", procedures=procedures)
    html = _render(client, event.url, django_assert_num_queries, QUERIES_LIFE_EVENT)
    assert all(f'href="{procedure.url}"' in html for procedure in procedures)


@pytest.mark.parametrize("count", [1, 20])
def test_guide_page_query_count(
    client, guide, without_page_cache, django_assert_num_queries, count
):
    """The guide costs the same queries with 1 or 20 procedures and life events."""
    pages = []
    for n in range(count):
        pages.append(pf.add_procedure(guide, title=f"手続き{n}"))
        pages.append(pf.add_life_event(guide, title=f"出来事{n}", procedures=[]))
    html = _render(client, guide.url, django_assert_num_queries, QUERIES_GUIDE)
    assert all(f'href="{page.url}"' in html for page in pages)
