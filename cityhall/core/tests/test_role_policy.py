"""Who may do what in the staff console: the role-based permission policies
and the policy functions behind them (assignments valid on the day)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone
from wagtail.permissions import policy_registry as policies

from cityhall.core.models import (
    AuditRecord,
    Department,
    District,
    Municipality,
    ResidentProfile,
    Role,
    RoleAssignment,
)
from cityhall.core.permissions import (
    can_approve,
    can_manage_organisation,
    can_manage_roles,
    can_view_personal_data,
)
from cityhall.core.tests.factories import (
    DepartmentFactory,
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
)
from cityhall.core.wagtail_hooks import RolePermissionPolicy

pytestmark = pytest.mark.django_db

IN_2020 = dt.date(2020, 6, 1)
SCOPED_ROLES = {Role.SECURITY_STAFF, Role.DEPARTMENT_HEAD, Role.GENERAL_STAFF}


def _holder(role, **fields):
    """A staff member holding ``role`` (department-scoped roles get one)."""
    if role not in SCOPED_ROLES:
        fields.setdefault("department", None)
    return RoleAssignmentFactory(role=role, **fields).user


def _policy(actions=("view", "change")):
    return RolePermissionPolicy(
        Department,
        test=can_manage_organisation,
        roles={Role.SYSTEM_ADMIN},
        actions=actions,
    )


# --- RolePermissionPolicy ---------------------------------------------------------


def test_policy_grants_listed_actions_to_role_holders():
    """A holder of the role gets the listed actions, and only those."""
    admin = _holder(Role.SYSTEM_ADMIN)
    policy = _policy()
    assert policy.user_has_permission(admin, "change")
    assert not policy.user_has_permission(admin, "delete")


def test_policy_refuses_everyone_else():
    """Without the role, no listed action is granted."""
    staff = _holder(Role.GENERAL_STAFF)
    assert not _policy().user_has_permission(staff, "view")
    assert not _policy().user_has_any_permission(staff, ["view", "change"])


def test_policy_any_permission_needs_one_listed_action():
    """``user_has_any_permission`` is true when one of the asked actions is
    listed and the user passes the test."""
    admin = _holder(Role.SYSTEM_ADMIN)
    policy = _policy()
    assert policy.user_has_any_permission(admin, ["delete", "view"])
    assert not policy.user_has_any_permission(admin, ["delete", "publish"])


def test_users_with_permission_are_the_active_holders_valid_today():
    """The users the console lists as permitted are the active holders of the
    role whose assignment covers today (first and last day included)."""
    today = timezone.localdate()
    starts_today = _holder(Role.SYSTEM_ADMIN, valid_from=today)
    ends_today = _holder(Role.SYSTEM_ADMIN, valid_until=today)
    _holder(Role.SYSTEM_ADMIN, valid_until=today - dt.timedelta(days=1))
    _holder(Role.SYSTEM_ADMIN, valid_from=today + dt.timedelta(days=1))
    _holder(Role.SYSTEM_ADMIN, user=StaffFactory(is_active=False))
    _holder(Role.CISO)
    users = _policy().users_with_any_permission(["view"])
    assert set(users) == {starts_today, ends_today}


def test_users_with_permission_is_empty_for_unlisted_actions():
    """Nobody is permitted an action the policy does not list."""
    _holder(Role.SYSTEM_ADMIN)
    assert not _policy().users_with_any_permission(["delete"]).exists()


def test_users_with_permission_lists_each_holder_once():
    """Two assignments of one user make one entry."""
    admin = _holder(Role.SYSTEM_ADMIN)
    RoleAssignmentFactory(user=admin, role=Role.SYSTEM_ADMIN, department=None)
    assert list(_policy().users_with_any_permission(["view"])) == [admin]


# --- The policies registered for core models --------------------------------------


def test_organisation_models_are_managed_by_system_admins_only():
    """Municipality, districts and departments: system admins add, change and
    view; districts may also be deleted; nobody deletes the municipality."""
    admin = _holder(Role.SYSTEM_ADMIN)
    ciso = _holder(Role.CISO)
    for model in (Municipality, District, Department):
        policy = policies.get_by_type(model)
        assert policy.user_has_permission(admin, "change")
        assert not policy.user_has_permission(ciso, "view")
    assert policies.get_by_type(District).user_has_permission(admin, "delete")
    assert not policies.get_by_type(Municipality).user_has_permission(admin, "delete")


def test_role_assignments_are_managed_by_system_admins():
    """Only system admins manage role assignments."""
    policy = policies.get_by_type(RoleAssignment)
    assert policy.user_has_permission(_holder(Role.SYSTEM_ADMIN), "add")
    assert not policy.user_has_permission(_holder(Role.CIO), "add")


@pytest.mark.parametrize("model", [ResidentProfile, AuditRecord])
def test_personal_data_is_view_only_for_personal_data_roles(model):
    """Resident profiles and the audit trail can be viewed by the personal
    data roles and changed by nobody."""
    policy = policies.get_by_type(model)
    officer = _holder(Role.SECURITY_STAFF)
    assert policy.user_has_permission(officer, "view")
    assert not policy.user_has_permission(officer, "change")
    assert not policy.user_has_permission(_holder(Role.WEB_EDITOR), "view")
    assert set(policy.users_with_any_permission(["view"])) == {officer}


# --- Policy functions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.SYSTEM_ADMIN, True),
        (Role.CISO, True),
        (Role.SECURITY_STAFF, True),
        (Role.CIO, False),
        (Role.WEB_EDITOR, False),
        (Role.DEPARTMENT_HEAD, False),
        (Role.GENERAL_STAFF, False),
    ],
)
def test_personal_data_roles(role, allowed):
    """Exactly the system admins, the CISO and security staff read personal data."""
    assert can_view_personal_data(_holder(role)) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.SYSTEM_ADMIN, True), (Role.CIO, False), (Role.CISO, False)],
)
def test_role_and_organisation_managers(role, allowed):
    """Only system admins manage roles and the organisation."""
    user = _holder(role)
    assert can_manage_roles(user) is allowed
    assert can_manage_organisation(user) is allowed


@pytest.mark.parametrize(
    "check",
    [
        can_view_personal_data,
        can_manage_roles,
        can_manage_organisation,
        lambda user: can_approve(user, department=None, submitted_by=None),
    ],
)
def test_deactivated_or_anonymous_users_get_nothing(check):
    """A deactivated account keeps its assignments but loses every power, and
    an anonymous visitor or a missing user has none."""
    admin = _holder(Role.SYSTEM_ADMIN)
    assert check(admin)
    admin.is_active = False
    assert not check(admin)
    assert not check(AnonymousUser())
    assert not check(None)


def test_superuser_without_a_role_gets_nothing():
    """Being a Django superuser is not a role."""
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert not can_view_personal_data(superuser)
    assert not can_manage_roles(superuser)


def test_policy_functions_answer_for_the_given_day():
    """``on`` asks about another day: an assignment of 2020 counts on a day in
    2020, not today."""
    admin = _holder(
        Role.SYSTEM_ADMIN,
        valid_from=dt.date(2020, 4, 1),
        valid_until=dt.date(2021, 3, 31),
    )
    officer = _holder(
        Role.CISO, valid_from=dt.date(2020, 4, 1), valid_until=dt.date(2021, 3, 31)
    )
    assert can_manage_roles(admin, on=IN_2020)
    assert can_manage_organisation(admin, on=IN_2020)
    assert can_view_personal_data(officer, on=IN_2020)
    assert can_approve(
        admin, department=DepartmentFactory(), submitted_by=None, on=IN_2020
    )
    assert not can_manage_roles(admin)
    assert not can_manage_organisation(admin)
    assert not can_view_personal_data(officer)
    assert not can_approve(admin, department=DepartmentFactory(), submitted_by=None)


def test_department_head_approval_is_for_the_given_day():
    """A department head's approval also follows the asked day."""
    head = _holder(
        Role.DEPARTMENT_HEAD,
        valid_from=dt.date(2020, 4, 1),
        valid_until=dt.date(2021, 3, 31),
    )
    department = head.role_assignments.get().department
    assert can_approve(head, department=department, submitted_by=None, on=IN_2020)
    assert not can_approve(head, department=department, submitted_by=None)


def test_approval_without_submitter_is_allowed_for_the_head():
    """Work with no recorded submitter can be approved by the department head."""
    head = _holder(Role.DEPARTMENT_HEAD)
    department = head.role_assignments.get().department
    assert can_approve(head, department=department, submitted_by=None)


def test_system_admin_approves_even_without_a_department():
    """The IT policy division approves work that belongs to no department; a
    department head cannot."""
    admin = _holder(Role.SYSTEM_ADMIN)
    head = _holder(Role.DEPARTMENT_HEAD)
    assert can_approve(admin, department=None, submitted_by=UserFactory())
    assert not can_approve(head, department=None, submitted_by=UserFactory())


def test_system_admin_does_not_approve_own_work():
    """Separation of duties holds for system administrators too."""
    admin = _holder(Role.SYSTEM_ADMIN)
    assert not can_approve(admin, department=DepartmentFactory(), submitted_by=admin)


def test_other_roles_in_the_department_cannot_approve():
    """Working in a department is not heading it."""
    staff = _holder(Role.GENERAL_STAFF)
    department = staff.role_assignments.get().department
    assert not can_approve(staff, department=department, submitted_by=UserFactory())


def test_head_of_a_division_does_not_cover_the_parent_department():
    """A 課長's assignment covers their 課, not the 部 above it."""
    parent = DepartmentFactory()
    division = DepartmentFactory(municipality=parent.municipality, parent=parent)
    head = _holder(Role.DEPARTMENT_HEAD, department=division)
    assert can_approve(head, department=division, submitted_by=None)
    assert not can_approve(head, department=parent, submitted_by=None)


# --- Console guards ---------------------------------------------------------------


def test_second_factor_menu_is_shown_to_system_admins_only():
    """The staff second-factor menu item shows for role managers only."""
    from cityhall.core.wagtail_hooks import register_second_factor_menu_item

    item = register_second_factor_menu_item()
    request = RequestFactory().get("/admin/")
    request.user = _holder(Role.SYSTEM_ADMIN)
    assert item.is_shown(request)
    request.user = _holder(Role.CISO)
    assert not item.is_shown(request)


def test_policy_lists_the_model_instances_for_holders():
    """Listing views ask the policy for the instances a user may act on:
    every row of the policy's model for a holder, none for others."""
    department = DepartmentFactory()
    policy = _policy()
    admin_rows = policy.instances_user_has_any_permission_for(
        _holder(Role.SYSTEM_ADMIN), ["view"]
    )
    assert department in admin_rows
    assert policy.model is Department
    staff = _holder(Role.GENERAL_STAFF)
    assert not policy.instances_user_has_any_permission_for(staff, ["view"]).exists()
