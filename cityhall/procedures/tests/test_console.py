"""Staff edit procedures in the Wagtail admin: the add and edit forms open,
and the guide has its place in the page tree. (The rule block's validation
is tested in test_pages.py.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from cityhall.core.models import Role
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    totp_code,
    totp_device_for,
)
from cityhall.procedures.models import ProcedurePage
from cityhall.procedures.tests import factories as pf
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = StaffFactory(is_superuser=True)
    RoleAssignmentFactory(user=admin, role=Role.SYSTEM_ADMIN)
    role_groups_sync(user=admin)
    device = totp_device_for(admin)
    client.force_login(admin)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    return client


@pytest.fixture
def guide():
    return pf.add_guide(f.site_home())


@pytest.mark.parametrize("model", ["procedurepage", "lifeeventpage"])
def test_add_forms_open(admin_client, guide, model):
    url = reverse("wagtailadmin_pages:add", args=("procedures", model, guide.pk))
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="title"' in response.content.decode()


def test_edit_form_shows_the_rules(admin_client, guide):
    page = pf.add_procedure(guide, title="転入届", rules=[pf.rule(moving="in")])
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "rules" in html and "counter" in html


def test_guide_can_be_added_under_the_home_page(guide):
    """The home page allows the guide (once) as a child."""
    from cityhall.procedures.models import ProcedureIndexPage

    home = guide.get_parent().specific
    assert ProcedureIndexPage in home.specific_class.allowed_subpage_models()
    assert not ProcedureIndexPage.can_create_at(home)  # one guide per home
    assert ProcedurePage.can_create_at(guide)
