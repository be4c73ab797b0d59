"""Notices (news pages with alert attributes) for the publishing tests."""

from __future__ import annotations

import datetime as dt
import itertools

from wagtail.models import Site

from cityhall.core.tests.factories import DistrictFactory, MunicipalityFactory
from cityhall.website.models import NewsPage, NoticeSettings
from cityhall.website.tests import factories as f

_numbers = itertools.count(1)

#: A small closed ring ([lon, lat]) standing in for a municipality outline.
OUTLINE = [
    [140.10, 36.80],
    [140.20, 36.80],
    [140.20, 36.90],
    [140.10, 36.90],
    [140.10, 36.80],
]


def notice_site():
    """A Japanese site with a news index, the municipality and its outline."""
    municipality = MunicipalityFactory()
    home = f.site_home()
    index = f.add_news_index(home)
    settings = NoticeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.whole_area_polygon = OUTLINE
    settings.cap_sender = "bousai@city.example.jp"
    settings.save()
    return municipality, index


def add_notice(
    index,
    *,
    title: str = "避難指示",
    lead: str = "",
    body: str = "<p>直ちに避難してください。</p>",
    categories=(),
    districts=(),
    publish: bool = True,
    **fields,
) -> NewsPage:
    """A notice under ``index`` (published unless told not to)."""
    fields.setdefault("date", dt.date(2025, 10, 16))
    page = NewsPage(
        title=title,
        slug=f"notice-{next(_numbers)}",
        lead=lead,
        body=[("paragraph", body)],
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    page.categories.set(categories)
    page.target_districts.set(districts)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def district(municipality, name: str, kana: str = "", **names):
    return DistrictFactory(
        municipality=municipality, name=name, name_kana=kana, name_translations=names
    )
