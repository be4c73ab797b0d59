"""Procedures in the site search: short Japanese words, the structured fields,
and every language the site has."""

from __future__ import annotations

import pytest

from cityhall.procedures.tests import factories as pf
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    return pf.add_guide(f.site_home())


def test_two_character_word_finds_the_procedure(client, guide):
    """転入 and 印鑑 (two characters) find 転入届 and 印鑑登録."""
    tennyu = pf.add_procedure(guide, title="転入届", slug="tennyu")
    inkan = pf.add_procedure(guide, title="印鑑登録", slug="inkan")
    html = client.get("/search/", {"q": "転入"}).content.decode()
    assert f'href="{tennyu.url}"' in html
    assert f'href="{inkan.url}"' not in html
    html = client.get("/search/", {"q": "印鑑"}).content.decode()
    assert f'href="{inkan.url}"' in html


def test_one_character_word_finds_the_procedure(client, guide):
    page = pf.add_procedure(guide, title="犬の登録", slug="inu")
    assert f'href="{page.url}"' in client.get("/search/", {"q": "犬"}).content.decode()


def test_structured_fields_are_searched(client, guide):
    """What to bring and the counter are found, not only the title."""
    page = pf.add_procedure(
        guide, title="転入届", bring="転出証明書\n本人確認書類", counter="3番窓口"
    )
    assert (
        f'href="{page.url}"'
        in client.get("/search/", {"q": "転出証明"}).content.decode()
    )
    assert (
        f'href="{page.url}"'
        in client.get("/search/", {"q": "3番窓口"}).content.decode()
    )


def test_untranslated_procedure_is_found_in_english(client, guide):
    """An untranslated procedure (an alias in English) is found on /en/search/
    and linked under /en/."""
    page = pf.add_procedure(guide, title="転入届", slug="tennyu")
    f.alias(guide.get_parent(), "en")
    f.alias(guide, "en")
    english = f.alias(page, "en")
    html = client.get("/en/search/", {"q": "転入"}).content.decode()
    assert english.url.startswith("/en/")
    assert f'href="{english.url}"' in html


def test_translated_procedure_is_found_by_its_english_title(client, guide):
    page = pf.add_procedure(guide, title="転入届", slug="tennyu")
    f.translate(guide.get_parent(), "en", title="Home")
    f.translate(guide, "en", title="Procedure guide")
    english = f.translate(page, "en", title="Moving-in notification")
    html = client.get("/en/search/", {"q": "moving-in"}).content.decode()
    assert f'href="{english.url}"' in html
