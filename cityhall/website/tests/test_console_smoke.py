"""The staff console's main screens open for a system administrator.

Wagtail's admin templates share the template context with the public site's
context processors; a name clash there breaks admin pages, so each main screen
is opened once here.
"""

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
from cityhall.website.tests.factories import build_site

pytestmark = pytest.mark.django_db

SCREENS = [
    ("wagtailadmin_home", ()),
    ("wagtailadmin_explore_root", ()),
    ("wagtaildocs:index", ()),
    ("wagtailimages:index", ()),
    ("wagtailsnippets:index", ()),
    ("wagtailusers_users:index", ()),
    ("wagtailusers_groups:index", ()),
    ("wagtailadmin_workflows:index", ()),
    ("wagtailsettings:edit", ("website", "emergencybanner")),
    ("departments:index", ()),
    ("role_assignments:index", ()),
    ("audit_trail:index", ()),
    ("resident_profiles:index", ()),
    ("cityhall_second_factor:index", ()),
]


@pytest.mark.parametrize(("name", "args"), SCREENS, ids=[s[0] for s in SCREENS])
def test_console_screen_opens(client, name, args):
    """Each screen answers 200 to a signed-in, verified system administrator."""
    build_site()
    admin = StaffFactory(is_superuser=True)
    RoleAssignmentFactory(user=admin, role=Role.SYSTEM_ADMIN)
    role_groups_sync(user=admin)
    device = totp_device_for(admin)
    client.force_login(admin)
    client.post(reverse("staff_auth:verify"), {"code": totp_code(device)})
    # The settings screen redirects to the default site's form first.
    response = client.get(reverse(name, args=args), follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"].startswith("/admin/")
