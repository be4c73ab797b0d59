"""The resident's flow through /apply/: pages, back, check, submit; resuming
from a second device; guests verified by a mailed link; 404 for anyone
else's ids on every address that takes one."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cityhall.core.tests.factories import UserFactory
from cityhall.eforms.models import Draft, Submission
from cityhall.eforms.services.drafts import draft_start_for_user
from cityhall.eforms.tests.factories import draft_complete, form_make, submission_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_immediate(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    with translation.override("en"):
        yield


@pytest.fixture
def form():
    return form_make()


@pytest.fixture
def alice():
    return UserFactory()


def _page_url(draft, page_id):
    return reverse("eforms:draft_page", args=[draft.public_id, page_id])


def _check_url(draft):
    return reverse("eforms:draft_check", args=[draft.public_id])


def test_start_page_shows_the_form(client, form):
    """/apply/<slug>/ shows the title and the guest's e-mail field."""
    response = client.get(reverse("eforms:start", args=[form.slug]))
    assert response.status_code == 200
    assert b"Test form" in response.content
    assert b'autocomplete="email"' in response.content


def test_unpublished_form_is_not_found(client, form):
    """A slug that is no published form answers 404."""
    assert client.get(reverse("eforms:start", args=["nope"])).status_code == 404


def test_resident_goes_through_pages_to_the_reference_number(
    client, form, alice, django_capture_on_commit_callbacks
):
    """Start, answer, branch, check, send: the confirmation shows the reference."""
    client.force_login(alice)
    response = client.post(reverse("eforms:start", args=[form.slug]))
    draft = Draft.objects.get(owner=alice)
    assert response["Location"] == _page_url(draft, "kind")
    response = client.post(_page_url(draft, "kind"), {"kind": "simple"})
    assert response["Location"] == _page_url(draft, "contact")
    response = client.post(_page_url(draft, "contact"), {"phone": "0287-23-1111"})
    assert response["Location"] == _check_url(draft)
    check = client.get(_check_url(draft))
    assert b"0287-23-1111" in check.content
    assert b"?change=1" in check.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_check_url(draft))
    submission = Submission.objects.get()
    assert response["Location"] == reverse(
        "eforms:submission_done", args=[submission.public_id]
    )
    done = client.get(response["Location"])
    assert submission.reference_number.encode() in done.content
    assert b"We will call you." in done.content


def test_invalid_answer_shows_error_summary_linking_to_the_field(client, form, alice):
    """An unanswered choice: 400, error summary linking to the first radio."""
    client.force_login(alice)
    draft = draft_start_for_user(form=form, user=alice)
    response = client.post(_page_url(draft, "kind"), {})
    assert response.status_code == 400
    assert b'href="#id_kind_0"' in response.content
    assert b'id="id_kind_0"' in response.content
    assert b"<legend>" in response.content


def test_back_link_goes_to_the_page_visited_and_keeps_answers(client, form, alice):
    """On contact after the branch, Back leads to kind with "simple" still chosen."""
    client.force_login(alice)
    draft = draft_start_for_user(form=form, user=alice)
    client.post(_page_url(draft, "kind"), {"kind": "simple"})
    contact = client.get(_page_url(draft, "contact"))
    assert f'href="{_page_url(draft, "kind")}"'.encode() in contact.content
    kind = client.get(_page_url(draft, "kind"))
    assert re.search(rb'value="simple"[^>]*checked', kind.content)


def test_page_not_reached_redirects_to_the_current_page(client, form, alice):
    """Typing the address of a later page leads back to where the resident is."""
    client.force_login(alice)
    draft = draft_start_for_user(form=form, user=alice)
    response = client.get(_page_url(draft, "contact"))
    assert response["Location"] == _page_url(draft, "kind")


def test_draft_resumes_on_a_second_device(form, alice):
    """Answers saved from one browser are there in another signed-in one."""
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(alice)
    first.post(reverse("eforms:start", args=[form.slug]))
    draft = Draft.objects.get(owner=alice)
    first.post(_page_url(draft, "kind"), {"kind": "full"})
    mine = second.get(reverse("eforms:mine"))
    assert _page_url(draft, "details").encode() in mine.content
    kind = second.get(_page_url(draft, "kind"))
    assert re.search(rb'value="full"[^>]*checked', kind.content)


def _guest_link(client, form, capture, email="guest@example.jp"):
    mail.outbox.clear()
    with capture(execute=True):
        client.post(reverse("eforms:start", args=[form.slug]), {"email": email})
    return re.search(r"https?://\S+(/apply/continue/\S+/)", mail.outbox[-1].body)[1]


def test_guest_link_opens_the_draft_in_any_browser(
    form, django_capture_on_commit_callbacks
):
    """The mailed link opens the guest's draft, also in a second browser."""
    first = Client()
    link = _guest_link(first, form, django_capture_on_commit_callbacks)
    draft = Draft.objects.get(guest_email="guest@example.jp")
    assert first.get(link)["Location"] == _page_url(draft, "kind")
    first.post(_page_url(draft, "kind"), {"kind": "full"})
    second = Client()
    assert second.get(link)["Location"] == _page_url(draft, "details")
    assert second.get(_page_url(draft, "details")).status_code == 200


def test_guest_without_the_link_gets_404(
    client, form, django_capture_on_commit_callbacks
):
    """Knowing a guest draft's id is not enough: without the link, 404."""
    _guest_link(Client(), form, django_capture_on_commit_callbacks)
    draft = Draft.objects.get()
    assert client.get(_page_url(draft, "kind")).status_code == 404


def test_guest_link_for_one_draft_does_not_open_another(
    form, django_capture_on_commit_callbacks
):
    """Guest A's link does not open guest B's draft."""
    a = Client()
    link_a = _guest_link(a, form, django_capture_on_commit_callbacks, "a@example.jp")
    _guest_link(Client(), form, django_capture_on_commit_callbacks, "b@example.jp")
    a.get(link_a)
    draft_b = Draft.objects.get(guest_email="b@example.jp")
    assert a.get(_page_url(draft_b, "kind")).status_code == 404


def test_altered_guest_link_is_refused(
    client, form, django_capture_on_commit_callbacks
):
    """A link whose signature does not match answers 400."""
    link = _guest_link(Client(), form, django_capture_on_commit_callbacks)
    assert client.get(link[:-3] + "xx/").status_code == 400


def test_guest_submits_and_sees_the_confirmation(
    form, django_capture_on_commit_callbacks
):
    """A guest reaches the confirmation page; the mail goes to their address."""
    guest = Client()
    guest.get(_guest_link(guest, form, django_capture_on_commit_callbacks))
    draft = Draft.objects.get()
    guest.post(_page_url(draft, "kind"), {"kind": "simple"})
    guest.post(_page_url(draft, "contact"), {"phone": "0287231111"})
    with django_capture_on_commit_callbacks(execute=True):
        response = guest.post(_check_url(draft))
    assert guest.get(response["Location"]).status_code == 200
    assert mail.outbox[-1].to == ["guest@example.jp"]


@pytest.mark.parametrize(
    "name", ["draft_page", "draft_check", "submission_detail", "submission_done"]
)
def test_another_residents_ids_answer_404(client, form, alice, name):
    """Every address that takes an id: bob gets 404 for alice's, and for an
    unknown id."""
    draft = draft_start_for_user(form=form, user=alice)
    submission = submission_make(form, alice)
    client.force_login(UserFactory())
    if name == "draft_page":
        urls = [
            _page_url(draft, "kind"),
            reverse("eforms:draft_page", args=[uuid.uuid4(), "kind"]),
        ]
    elif name == "draft_check":
        urls = [_check_url(draft), reverse(f"eforms:{name}", args=[uuid.uuid4()])]
    else:
        urls = [
            reverse(f"eforms:{name}", args=[submission.public_id]),
            reverse(f"eforms:{name}", args=[uuid.uuid4()]),
        ]
    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_submitted_draft_is_gone(client, form, alice):
    """After sending, the draft's pages answer 404 (no second submit)."""
    draft = draft_complete(form, alice)
    client.force_login(alice)
    client.post(_check_url(draft))
    assert client.get(_check_url(draft)).status_code == 404


def test_postal_code_endpoint(client):
    """The JSON endpoint fills the address; an unknown code answers 404."""
    found = client.get(reverse("eforms:postal_code"), {"code": "324-8641"})
    assert found.json()["city"] == "大田原市"
    assert (
        client.get(reverse("eforms:postal_code"), {"code": "0000000"}).status_code
        == 404
    )


def test_find_address_button_fills_the_boxes_without_javascript(client, alice):
    """ "Find address" re-shows the page with prefecture and city filled."""
    definition = {
        "pages": [
            {
                "id": "where",
                "title": "Where",
                "questions": [{"id": "addr", "type": "address", "label": "Address"}],
            }
        ]
    }
    form = form_make(slug="addr-form", definition=definition)
    draft = draft_start_for_user(form=form, user=alice)
    client.force_login(alice)
    response = client.post(
        _page_url(draft, "where"),
        {"addr__postal_code": "3248641", "find_address": "addr"},
    )
    assert response.status_code == 200
    assert 'value="大田原市"'.encode() in response.content
    assert b'autocomplete="address-level2"' in response.content
    lookup = reverse("eforms:postal_code")
    assert f'data-postal-lookup="{lookup}"'.encode() in response.content
    assert b"eforms/postal.js" in response.content
    draft.refresh_from_db()
    assert draft.answers == {}


def _mine_queries(client, django_assert_num_queries, alice, form, count):
    for _ in range(count):
        draft_start_for_user(form=form, user=alice)
        submission_make(form, alice)
    client.force_login(alice)
    client.get(reverse("eforms:mine"))  # warm the session and site caches
    # session, user, drafts, submissions
    with django_assert_num_queries(4):
        response = client.get(reverse("eforms:mine"))
    assert response.status_code == 200
    return response


def test_my_applications_query_count_one_row(
    client, django_assert_num_queries, alice, form
):
    """One draft and one submission: 4 queries."""
    response = _mine_queries(client, django_assert_num_queries, alice, form, 1)
    assert response.content.count(b"/apply/submissions/") == 1


def test_my_applications_query_count_twenty_rows(
    client, django_assert_num_queries, alice, form
):
    """Twenty of each: still 4 queries."""
    response = _mine_queries(client, django_assert_num_queries, alice, form, 20)
    assert response.content.count(b"/apply/submissions/") == 20


def test_my_applications_lists_only_the_residents_own(client, alice, form):
    """Bob's submission is not on alice's list."""
    mine = submission_make(form, alice)
    other = submission_make(form, UserFactory())
    client.force_login(alice)
    content = client.get(reverse("eforms:mine")).content
    assert mine.reference_number.encode() in content
    assert other.reference_number.encode() not in content
