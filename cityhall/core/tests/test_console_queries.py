"""Staff console list pages run a fixed number of queries, whatever their size.

Each page is counted at 1 and 20 rows with the same expected number: a query
per row (a role check, a user or department fetched for a column) would make
the two differ. Each page is loaded once before counting so that per-process
caches (content types, the Wagtail site root) are warm in every test order.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from cityhall.core.models import Role
from cityhall.core.services.audit import audit_log
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.tests.factories import (
    DepartmentFactory,
    ResidentProfileFactory,
    RoleAssignmentFactory,
    StaffFactory,
    totp_device_for,
)

pytestmark = pytest.mark.django_db

# Rows are made with unusable passwords: hashing 20 passwords is slow and
# irrelevant to what the pages load.
NO_PASSWORD = "!"


def _signed_in(client, role: str, department=None):
    user = StaffFactory(password=NO_PASSWORD)
    RoleAssignmentFactory(user=user, role=role, department=department)
    role_groups_sync(user=user)
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user


def _audit_records(rows: int) -> None:
    for actor in StaffFactory.create_batch(rows, password=NO_PASSWORD):
        audit_log(actor=actor, action="test.row", target_type="x", target_id="1")


def _role_assignments(rows: int) -> None:
    parent = DepartmentFactory()
    for _ in range(rows):
        division = DepartmentFactory(municipality=parent.municipality, parent=parent)
        RoleAssignmentFactory(
            role=Role.WEB_EDITOR, department=division, user__password=NO_PASSWORD
        )


def _resident_profiles(rows: int) -> None:
    ResidentProfileFactory.create_batch(rows, user__password=NO_PASSWORD)


def _departments(rows: int) -> None:
    parent = DepartmentFactory()
    for _ in range(rows - 1):
        DepartmentFactory(municipality=parent.municipality, parent=parent)


#: url name → (role of the viewer, makes the rows, expected queries)
PAGES = {
    "audit_trail:index": (Role.SECURITY_STAFF, _audit_records, 13),
    "role_assignments:index": (Role.SYSTEM_ADMIN, _role_assignments, 13),
    # Listing residents writes an audit record (lock head, insert, update).
    "resident_profiles:index": (Role.CISO, _resident_profiles, 19),
    "departments:index": (Role.SYSTEM_ADMIN, _departments, 13),
}


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("url_name", sorted(PAGES))
def test_console_list_query_count(client, django_assert_num_queries, url_name, rows):
    """The list runs the same number of queries at 1 and at 20 rows."""
    role, make_rows, expected = PAGES[url_name]
    department = DepartmentFactory() if role == Role.SECURITY_STAFF else None
    _signed_in(client, role, department)
    make_rows(rows)
    assert client.get(reverse(url_name)).status_code == 200
    with django_assert_num_queries(expected):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    listed = response.context["object_list"]
    total = listed.model.objects.count() if hasattr(listed, "model") else None
    assert total is not None and total >= rows
    # Wagtail shows 20 rows a page.
    assert len(listed) == min(total, 20)
