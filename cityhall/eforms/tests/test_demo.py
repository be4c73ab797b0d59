"""The demo form: 粗大ごみ収集の申込, published, with its branch."""

from __future__ import annotations

import pytest

from cityhall.core.tests.factories import DepartmentFactory, MunicipalityFactory
from cityhall.eforms.definition import definition_parse
from cityhall.eforms.demo import demo_seed
from cityhall.eforms.models import Form

pytestmark = pytest.mark.django_db


def test_demo_form_is_published_and_branches():
    """The form is published; bringing items oneself skips the collection page."""
    municipality = MunicipalityFactory()
    DepartmentFactory(municipality=municipality, code="seikatsu-kankyo")
    demo_seed(municipality=municipality)
    form = Form.objects.get()
    assert form.state == Form.State.PUBLISHED
    definition = definition_parse(form.live_version.definition)
    bring = [page.id for page in definition.path({"method": "bring"})]
    collect = [page.id for page in definition.path({"method": "collect"})]
    assert "collection" not in bring
    assert "collection" in collect


def test_demo_seed_twice_keeps_one_form():
    """A second seed leaves the form alone."""
    municipality = MunicipalityFactory()
    DepartmentFactory(municipality=municipality, code="seikatsu-kankyo")
    demo_seed(municipality=municipality)
    demo_seed(municipality=municipality)
    assert Form.objects.count() == 1
