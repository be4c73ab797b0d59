"""Groups (団体登録): registration, duplicate flags, approval, renewal,
expiry, the resident's pages (never another resident's group) and the staff
approval screens."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from cityhall.core.tests.factories import MunicipalityFactory
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import Group
from cityhall.reservations.services.groups import (
    fiscal_year_end,
    group_approve,
    group_register,
    group_reject,
    group_renew,
    groups_expire_due,
    normalise_key,
)
from cityhall.reservations.tasks import groups_expire_daily

from .factories import resident_make
from .lottery_factories import group_make, verified_staff

pytestmark = pytest.mark.django_db

#: Session, user, the groups (the site chrome is cached after a first visit).
QUERIES_MY_GROUPS = 3
#: Session, user, roles, OTP device, Wagtail's admin chrome, the groups.
QUERIES_CONSOLE_INDEX = 14


@pytest.fixture
def city():
    return MunicipalityFactory()


def test_category_choices_include_the_reduction_categories():
    """Fee-reduction rules key on Group.Category: seniors' clubs and
    disability groups are categories of their own."""
    assert Group.Category.SENIORS_CLUB == "seniors_club"
    assert Group.Category.DISABILITY == "disability"
    assert "general" in Group.Category.values


def test_normalise_key_folds_width_hyphens_and_spaces():
    """Full-width digits, hyphens and spaces do not hide a duplicate."""
    assert normalise_key("０２８７－２３ １１１１") == normalise_key("0287-231111")


def test_registration_waits_for_approval_with_members(city):
    """A new group is pending; the registering resident is a linked member."""
    resident = resident_make()
    group = group_make(resident=resident, municipality=city, approve=False)
    assert group.state == Group.State.PENDING
    assert not group.possible_duplicate
    assert [m.name for m in group.members.order_by("id")] == [
        group.representative_name,
        "会員 一郎",
    ]
    assert group.members.filter(user=resident).count() == 1


def test_same_phone_written_differently_is_flagged_not_refused(city):
    """A second group with the same phone in full-width digits is registered
    and flagged for staff, naming the phone as the reason."""
    group_make(resident=resident_make(), municipality=city, phone="0287-23-1111")
    second = group_make(
        resident=resident_make(),
        municipality=city,
        approve=False,
        phone="０２８７－２３－１１１１",
    )
    assert second.pk is not None
    assert second.possible_duplicate
    assert second.duplicate_reasons == ["phone"]


def test_missing_field_is_refused(city):
    """A group without a representative is refused on that field."""
    with pytest.raises(ReservationError) as caught:
        group_register(
            resident=resident_make(),
            municipality=city,
            name="x",
            category="general",
            representative_name=" ",
            address="a",
            phone="1",
            members=[],
        )
    assert "representative_name" in caught.value.extra["fields"]


def test_approval_runs_to_the_end_of_the_fiscal_year(city):
    """Approval makes the group valid until 31 March of the current fiscal
    year; approving again is refused."""
    group = group_make(resident=resident_make(), municipality=city, approve=False)
    now = timezone.make_aware(dt.datetime(2026, 5, 10, 10))
    approved = group_approve(staff=None, group=group, now=now)
    assert approved.valid_until == dt.date(2027, 3, 31)
    with pytest.raises(ReservationError) as caught:
        group_approve(staff=None, group=approved)
    assert caught.value.code == "group_not_pending"


def test_fiscal_year_end_in_the_first_quarter():
    """A date in January to March belongs to the fiscal year ending that March."""
    assert fiscal_year_end(dt.date(2027, 2, 1)) == dt.date(2027, 3, 31)


def test_rejection_needs_a_reason_and_keeps_it(city):
    """Rejecting without a reason is refused; with one, the resident sees it."""
    group = group_make(resident=resident_make(), municipality=city, approve=False)
    with pytest.raises(ReservationError):
        group_reject(staff=None, group=group, reason="  ")
    rejected = group_reject(staff=None, group=group, reason="会員名簿が不足")
    assert rejected.state == Group.State.REJECTED
    assert rejected.rejection_reason == "会員名簿が不足"


def test_renewal_near_the_end_extends_by_a_fiscal_year(city):
    """An approved group renewed in its last 60 days runs to the next
    31 March; renewing early is refused."""
    resident = resident_make()
    group = group_make(resident=resident, municipality=city)
    end = group.valid_until
    with pytest.raises(ReservationError) as caught:
        group_renew(resident=resident, group=group, today=end - dt.timedelta(days=90))
    assert caught.value.code == "group_not_renewable"
    renewed = group_renew(
        resident=resident, group=group, today=end - dt.timedelta(days=10)
    )
    assert renewed.valid_until == dt.date(end.year + 1, 3, 31)
    assert renewed.state == Group.State.APPROVED


def test_expiry_is_idempotent_and_expired_renewal_needs_approval(city):
    """The expiry marks a lapsed group expired once; renewing it sends it
    back to staff."""
    resident = resident_make()
    group = group_make(resident=resident, municipality=city)
    after = group.valid_until + dt.timedelta(days=1)
    assert groups_expire_due(today=after) == 1
    assert groups_expire_due(today=after) == 0
    group.refresh_from_db()
    assert group.state == Group.State.EXPIRED
    renewed = group_renew(resident=resident, group=group, today=after)
    assert renewed.state == Group.State.PENDING


def test_expiry_task_runs_the_service(city):
    """The daily task expires nothing when nothing lapsed (and says so)."""
    group_make(resident=resident_make(), municipality=city)
    assert groups_expire_daily.call() == 0


def test_renewing_another_residents_group_is_not_found(city):
    """The service scopes renewal to the registering resident."""
    group = group_make(resident=resident_make(), municipality=city)
    with pytest.raises(Exception) as caught:
        group_renew(resident=resident_make(), group=group)
    assert caught.value.status == 404


def test_register_page_creates_a_pending_group(city):
    """The register form creates the group and shows its page."""
    resident = resident_make()
    client = Client()
    client.force_login(resident)
    response = client.post(
        "/facilities/my-groups/new/",
        {
            "name": "ひまわり老人クラブ",
            "category": "seniors_club",
            "representative_name": "山田 一郎",
            "address": "見本市本町1-1",
            "phone": "0287-11-2222",
            "members": "山田 花子\n鈴木 次郎\n",
        },
    )
    group = Group.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/my-groups/{group.public_id}/")
    assert group.members.count() == 3
    assert group.category == Group.Category.SENIORS_CLUB


def test_register_page_shows_errors_for_a_blank_form():
    """A blank form answers 400 with the error summary."""
    client = Client()
    client.force_login(resident_make())
    response = client.post("/facilities/my-groups/new/", {})
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()


@pytest.mark.parametrize(("method", "suffix"), [("get", ""), ("post", "renew/")])
def test_another_residents_group_answers_404(city, method, suffix):
    """Every group URL that takes an id answers 404 for another resident's
    group, and the owner reaches it."""
    owner = resident_make()
    group = group_make(resident=owner, municipality=city)
    url = f"/facilities/my-groups/{group.public_id}/{suffix}"
    stranger = Client()
    stranger.force_login(resident_make())
    assert getattr(stranger, method)(url).status_code == 404
    mine = Client()
    mine.force_login(owner)
    assert getattr(mine, method)(url).status_code in (200, 302)


@pytest.mark.parametrize("count", [1, 20])
def test_my_groups_query_count(city, django_assert_num_queries, count):
    """The resident's group list takes the same queries for 1 and 20 groups
    (session, user, groups, then the site chrome, warmed by a first visit)."""
    resident = resident_make()
    for _ in range(count):
        group_make(resident=resident, municipality=city, approve=False)
    client = Client()
    client.force_login(resident)
    client.get("/facilities/my-groups/")
    with django_assert_num_queries(QUERIES_MY_GROUPS):
        response = client.get("/facilities/my-groups/")
    assert response.content.decode().count("/my-groups/") >= count


@pytest.mark.parametrize("count", [1, 20])
def test_console_group_index_query_count(
    client, city, django_assert_num_queries, count
):
    """The approval queue takes the same queries for 1 and 20 pending
    groups, and highlights the flagged one in words."""
    verified_staff(client, city)
    for _ in range(count):
        group_make(
            resident=resident_make(), municipality=city, approve=False, phone="111"
        )
    client.get("/admin/reservations-lottery/groups/")  # warm Wagtail's caches
    with django_assert_num_queries(QUERIES_CONSOLE_INDEX):
        response = client.get("/admin/reservations-lottery/groups/")
    assert response.status_code == 200
    links = re.findall(r"/groups/[0-9a-f-]{36}/", response.content.decode())
    assert len(links) == count


def test_console_is_refused_to_staff_without_a_role(client, city):
    """Staff who may use the console (a web editor) but hold no general-staff
    or department-head role get the 403 page."""
    from cityhall.core.models import Role
    from cityhall.core.services.roles import role_groups_sync
    from cityhall.core.tests.factories import (
        RoleAssignmentFactory,
        StaffFactory,
        totp_device_for,
    )

    user = StaffFactory()
    RoleAssignmentFactory(user=user, role=Role.WEB_EDITOR, department=None)
    role_groups_sync(user=user)
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.get("/admin/reservations-lottery/groups/")
    assert response.status_code == 403


def test_console_approves_and_rejects(client, city):
    """Staff approve one group and reject another with a reason; the detail
    page names the similar group."""
    verified_staff(client, city)
    first = group_make(
        resident=resident_make(), municipality=city, approve=False, phone="111"
    )
    second = group_make(
        resident=resident_make(), municipality=city, approve=False, phone="111"
    )
    page = client.get(f"/admin/reservations-lottery/groups/{second.public_id}/")
    assert page.status_code == 200
    assert first.name in page.content.decode()
    url = "/admin/reservations-lottery/groups/{}/decide/"
    assert (
        client.post(url.format(first.public_id), {"decision": "approve"}).status_code
        == 302
    )
    refused = client.post(url.format(second.public_id), {"decision": "reject"})
    assert refused.status_code == 400
    client.post(
        url.format(second.public_id), {"decision": "reject", "reason": "重複登録"}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == Group.State.APPROVED
    assert second.state == Group.State.REJECTED


def test_console_hides_other_municipalities_groups(client, city):
    """A group of another municipality answers 404 in the console."""
    verified_staff(client, city)
    elsewhere = MunicipalityFactory(local_government_code="888888", name="他市")
    other = group_make(resident=resident_make(), municipality=elsewhere)
    response = client.get(f"/admin/reservations-lottery/groups/{other.public_id}/")
    assert response.status_code == 404
