"""Role assignment services, group sync and approval policy."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from cityhall.core.errors import RoleAssignmentError, SelfAssignmentError
from cityhall.core.models import AuditRecord, Role, RoleAssignment
from cityhall.core.models.roles import ROLE_GROUP_NAMES
from cityhall.core.permissions import can_approve, can_view_personal_data
from cityhall.core.selectors.roles import assignments_valid_on, user_has_role
from cityhall.core.services.roles import (
    role_assignment_create,
    role_assignment_end,
    role_groups_sync,
)
from cityhall.core.tests.factories import (
    DepartmentFactory,
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

APRIL = dt.date(2025, 4, 1)


@pytest.fixture
def admin():
    return StaffFactory()


def test_create_assigns_group_staff_flag_and_admin_access(admin):
    """A new assignment puts the user in the role's group, which opens the admin."""
    user = UserFactory(is_staff=False)
    role_assignment_create(
        user=user,
        role=Role.WEB_EDITOR,
        department=DepartmentFactory(),
        valid_from=APRIL,
        assigned_by=admin,
    )
    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [
        ROLE_GROUP_NAMES[Role.WEB_EDITOR]
    ]
    assert user.has_perm("wagtailadmin.access_admin")


def test_create_is_audited(admin):
    """Creating an assignment writes role_assignment.create with the actor."""
    assignment = role_assignment_create(
        user=UserFactory(),
        role=Role.CIO,
        department=None,
        valid_from=APRIL,
        assigned_by=admin,
    )
    record = AuditRecord.objects.get(action="role_assignment.create")
    assert record.actor_id == admin.pk
    assert record.target_id == str(assignment.pk)
    assert record.data["role"] == Role.CIO


@pytest.mark.parametrize(
    "role", [Role.WEB_EDITOR, Role.DEPARTMENT_HEAD, Role.SECURITY_STAFF]
)
def test_department_required_for_scoped_roles(admin, role):
    """Department-scoped roles without a department are refused; nothing saved."""
    with pytest.raises(RoleAssignmentError):
        role_assignment_create(
            user=UserFactory(),
            role=role,
            department=None,
            valid_from=APRIL,
            assigned_by=admin,
        )
    assert not RoleAssignment.objects.exists()


def test_nobody_assigns_a_role_to_themselves(admin):
    """Self-assignment raises PermissionDenied-type error and saves nothing."""
    with pytest.raises(SelfAssignmentError):
        role_assignment_create(
            user=admin,
            role=Role.SYSTEM_ADMIN,
            department=None,
            valid_from=APRIL,
            assigned_by=admin,
        )
    assert not RoleAssignment.objects.exists()


def test_end_removes_group_after_the_last_day(admin):
    """An ended assignment keeps its row; the group goes once the period is over."""
    user = UserFactory()
    assignment = role_assignment_create(
        user=user,
        role=Role.CIO,
        department=None,
        valid_from=APRIL,
        assigned_by=admin,
    )
    role_assignment_end(
        assignment=assignment, valid_until=dt.date(2026, 3, 31), ended_by=admin
    )
    assert AuditRecord.objects.filter(action="role_assignment.end").exists()
    role_groups_sync(user=user, on=dt.date(2026, 3, 31))
    assert user.groups.filter(name=ROLE_GROUP_NAMES[Role.CIO]).exists()
    role_groups_sync(user=user, on=dt.date(2026, 4, 1))
    assert not user.groups.filter(name=ROLE_GROUP_NAMES[Role.CIO]).exists()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_end_before_start_is_refused(admin):
    """An end date before the start changes nothing."""
    assignment = role_assignment_create(
        user=UserFactory(),
        role=Role.CIO,
        department=None,
        valid_from=APRIL,
        assigned_by=admin,
    )
    with pytest.raises(RoleAssignmentError):
        role_assignment_end(
            assignment=assignment, valid_until=dt.date(2025, 3, 1), ended_by=admin
        )
    assignment.refresh_from_db()
    assert assignment.valid_until is None


def test_sync_leaves_hand_made_groups_alone():
    """Groups that are not role groups are not touched by the sync."""
    user = UserFactory()
    other = Group.objects.create(name="Hand-made group")
    user.groups.add(other)
    role_groups_sync(user=user)
    assert user.groups.filter(pk=other.pk).exists()


def test_roles_sync_command_applies_april_transfers():
    """The daily command moves users into the groups valid on the day."""
    assignment = RoleAssignmentFactory(
        role=Role.GENERAL_STAFF, valid_from=dt.date(2026, 4, 1)
    )
    call_command("roles_sync", "--on", "2026-04-01")
    assert assignment.user.groups.filter(
        name=ROLE_GROUP_NAMES[Role.GENERAL_STAFF]
    ).exists()


def test_department_head_can_approve_own_department():
    """A 課長 approves work of their 課 submitted by someone else."""
    head = RoleAssignmentFactory(role=Role.DEPARTMENT_HEAD).user
    department = head.role_assignments.get().department
    assert can_approve(head, department=department, submitted_by=UserFactory())


def test_parent_department_head_covers_division():
    """A 部長 assignment covers the 課 under that 部."""
    head = RoleAssignmentFactory(role=Role.DEPARTMENT_HEAD).user
    parent = head.role_assignments.get().department
    division = DepartmentFactory(municipality=parent.municipality, parent=parent)
    assert can_approve(head, department=division, submitted_by=UserFactory())


def test_nobody_approves_own_work():
    """Even a department head may not approve what they submitted."""
    head = RoleAssignmentFactory(role=Role.DEPARTMENT_HEAD).user
    department = head.role_assignments.get().department
    assert not can_approve(head, department=department, submitted_by=head)


def test_head_of_other_department_cannot_approve():
    """A department head's approval is limited to their own department."""
    head = RoleAssignmentFactory(role=Role.DEPARTMENT_HEAD).user
    assert not can_approve(
        head, department=DepartmentFactory(), submitted_by=UserFactory()
    )


def test_system_admin_can_approve_any_department():
    """The IT policy division may approve for any department."""
    admin = RoleAssignmentFactory(role=Role.SYSTEM_ADMIN, department=None).user
    assert can_approve(
        admin, department=DepartmentFactory(), submitted_by=UserFactory()
    )


def test_expired_assignment_grants_nothing():
    """An assignment that ended yesterday no longer allows approval."""
    head = RoleAssignmentFactory(
        role=Role.DEPARTMENT_HEAD,
        valid_from=dt.date(2020, 4, 1),
        valid_until=dt.date(2021, 3, 31),
    ).user
    department = head.role_assignments.get().department
    assert not can_approve(head, department=department, submitted_by=UserFactory())


def test_general_staff_may_not_view_personal_data():
    """Only system admins, the CISO and security staff read personal data."""
    staff = RoleAssignmentFactory(role=Role.GENERAL_STAFF).user
    ciso = RoleAssignmentFactory(role=Role.CISO, department=None).user
    assert not can_view_personal_data(staff)
    assert can_view_personal_data(ciso)


def test_assignment_valid_from_its_first_to_its_last_day():
    """assignments_valid_on includes the first and last day, not the day after
    or the day before."""
    assignment = RoleAssignmentFactory(
        valid_from=dt.date(2025, 4, 1), valid_until=dt.date(2026, 3, 31)
    )
    for day, valid in [
        (dt.date(2025, 3, 31), False),
        (dt.date(2025, 4, 1), True),
        (dt.date(2026, 3, 31), True),
        (dt.date(2026, 4, 1), False),
    ]:
        assert (assignment in assignments_valid_on(day)) is valid, day


def test_role_checks_load_the_users_roles_once(django_assert_num_queries):
    """Many role checks on one user instance run one query for the day."""
    division = DepartmentFactory()
    head = RoleAssignmentFactory(role=Role.DEPARTMENT_HEAD, department=division).user
    with django_assert_num_queries(1):
        for _ in range(5):
            assert user_has_role(head, Role.DEPARTMENT_HEAD, department=division)
            assert not can_view_personal_data(head)
            assert not user_has_role(head, Role.SYSTEM_ADMIN)


def test_a_new_assignment_is_seen_on_the_same_instance(admin):
    """Creating or ending a role through the services forgets the remembered
    roles, so the same user instance sees the change at once."""
    target = StaffFactory()
    assert not can_view_personal_data(target)
    assignment = role_assignment_create(
        user=target,
        role=Role.CISO,
        department=None,
        valid_from=APRIL,
        assigned_by=admin,
    )
    assert can_view_personal_data(target)
    role_assignment_end(assignment=assignment, valid_until=APRIL, ended_by=admin)
    assert not can_view_personal_data(target)
