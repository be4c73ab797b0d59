"""The 手続きナビ: the questionnaire, the checklist its rules produce, keeping
a checklist in the account (own records only), and the account section."""

from __future__ import annotations

import uuid

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import escape

from cityhall.core.residents.extensions import account_sections_for_user
from cityhall.core.tests.factories import UserFactory
from cityhall.procedures.account_section import checklist_section
from cityhall.procedures.models import ProcedureChecklist
from cityhall.procedures.tests import factories as pf
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db

MOVING_IN_WITH_CHILD = {"moving": "in", "insurance": "unknown", "child_1": "3"}


@pytest.fixture
def guide():
    guide = pf.add_guide(f.site_home())
    pf.add_procedure(guide, title="転入届", slug="tennyu", rules=[pf.rule(moving="in")])
    pf.add_procedure(
        guide, title="転出届", slug="tenshutsu", rules=[pf.rule(moving="out")]
    )
    pf.add_procedure(
        guide,
        title="児童手当の認定請求",
        slug="jido-teate",
        rules=[
            pf.rule(event="birth"),
            pf.rule(moving="in", child_age_min=0, child_age_max=18),
        ],
    )
    pf.add_procedure(guide, title="犬の登録", slug="inu", rules=[pf.rule(event="dog")])
    pf.add_procedure(guide, title="粗大ごみ", slug="sodai")  # no rules
    return guide


def _titles(response) -> list[str]:
    return [procedure.title for procedure in response.context["procedures"]]


def test_questionnaire_is_an_accessible_get_form(client, guide):
    """Without answers: a GET form, one fieldset per question, no checklist."""
    response = client.get("/procedures/navi/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form method="get" action="/procedures/navi/"' in html
    start = html.index('<form method="get" action="/procedures/navi/"')
    form = html[start : html.index("</form>", start)]
    assert form.count("<fieldset") == 5
    assert form.count("<legend>") == 5
    assert '<label for="id_child_1">' in html
    assert 'id="checklist"' not in html
    assert f'href="{guide.url}"' in html  # breadcrumbs back to the guide


def test_checklist_lists_what_the_rules_select(client, guide):
    """Moving in with a three-year-old: 転入届 and 児童手当, in guide order;
    not 転出届, nor a procedure without rules."""
    response = client.get("/procedures/navi/", MOVING_IN_WITH_CHILD)
    assert response.status_code == 200
    assert _titles(response) == ["転入届", "児童手当の認定請求"]
    assert 'id="checklist"' in response.content.decode()


def test_checklist_for_moving_out_with_a_dog(client, guide):
    """Answers choose different procedures: moving out, a dog, no children."""
    response = client.get(
        "/procedures/navi/",
        {"moving": "out", "events": ["dog"], "insurance": "unknown"},
    )
    assert _titles(response) == ["転出届", "犬の登録"]


def test_bad_answer_is_refused_with_a_message(client, guide):
    """A child's age that is not a number: 400, the error linked, no list."""
    response = client.get(
        "/procedures/navi/", {"moving": "in", "insurance": "unknown", "child_1": "三"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in html
    assert 'href="#id_child_1"' in html
    assert 'id="checklist"' not in html


def test_anonymous_visitor_is_offered_sign_in_to_keep_the_list(client, guide):
    response = client.get("/procedures/navi/", MOVING_IN_WITH_CHILD)
    html = response.content.decode()
    assert "/accounts/login/?next=/procedures/navi/%3F" in html
    assert 'action="/procedures/navi/save/"' not in html


@pytest.mark.parametrize("count", [1, 20])
def test_navi_result_query_count(client, guide, django_assert_num_queries, count):
    """The result costs the same queries for 1 or 20 matching procedures."""
    for number in range(count - 1):
        pf.add_procedure(guide, title=f"手続き{number}", rules=[pf.rule(moving="in")])
    client.get("/procedures/navi/")  # warm the site's per-process memos
    with django_assert_num_queries(5):
        response = client.get(
            "/procedures/navi/", {"moving": "in", "insurance": "unknown"}
        )
    assert len(response.context["procedures"]) == count


def test_resident_keeps_a_checklist_and_sees_it(client, guide):
    """Keeping stores the answers and the procedures; the saved page lists them."""
    alice = UserFactory()
    client.force_login(alice)
    response = client.post("/procedures/navi/save/", MOVING_IN_WITH_CHILD)
    checklist = ProcedureChecklist.objects.get(user=alice)
    assert response.status_code == 302
    assert response["Location"] == f"/procedures/checklists/{checklist.public_id}/"
    assert checklist.answers["moving"] == "in"
    assert checklist.answers["child_ages"] == [3]
    assert [item["title"] for item in checklist.items] == [
        "転入届",
        "児童手当の認定請求",
    ]
    html = client.get(response["Location"]).content.decode()
    assert "転入届" in html and "児童手当の認定請求" in html and "転出届" not in html


def test_keeping_needs_sign_in(client, guide):
    response = client.post("/procedures/navi/save/", MOVING_IN_WITH_CHILD)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not ProcedureChecklist.objects.exists()


def test_nothing_to_keep_is_refused(client, guide):
    """Answers on which nothing applies: 400 with a message, nothing stored."""
    client.force_login(UserFactory())
    response = client.post(
        "/procedures/navi/save/", {"moving": "none", "insurance": "unknown"}
    )
    assert response.status_code == 400
    with translation.override("ja"):
        message = translation.gettext(
            "No procedure applies to these answers, so there is nothing to keep."
        )
    assert escape(message) in response.content.decode()
    assert not ProcedureChecklist.objects.exists()


def test_another_residents_checklist_is_not_found(client, guide):
    """Bob gets 404 for Alice's checklist, to read or to delete, as for an
    unknown id; her checklist stays."""
    alice, bob = UserFactory(), UserFactory()
    client.force_login(alice)
    client.post("/procedures/navi/save/", MOVING_IN_WITH_CHILD)
    checklist = ProcedureChecklist.objects.get(user=alice)
    client.force_login(bob)
    url = f"/procedures/checklists/{checklist.public_id}/"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}delete/").status_code == 404
    assert client.get(f"/procedures/checklists/{uuid.uuid4()}/").status_code == 404
    assert ProcedureChecklist.objects.filter(pk=checklist.pk).exists()
    client.force_login(alice)
    assert client.get(url).status_code == 200


def test_resident_deletes_own_checklist(client, guide):
    alice = UserFactory()
    client.force_login(alice)
    client.post("/procedures/navi/save/", MOVING_IN_WITH_CHILD)
    checklist = ProcedureChecklist.objects.get(user=alice)
    response = client.post(f"/procedures/checklists/{checklist.public_id}/delete/")
    assert response.status_code == 302
    assert not ProcedureChecklist.objects.exists()


def test_saved_checklist_keeps_the_title_of_a_removed_procedure(client, guide):
    """A procedure unpublished since: the saved title, without a link."""
    alice = UserFactory()
    client.force_login(alice)
    client.post("/procedures/navi/save/", MOVING_IN_WITH_CHILD)
    checklist = ProcedureChecklist.objects.get(user=alice)
    tennyu = guide.get_children().get(slug="tennyu")
    tennyu.specific.unpublish()
    html = client.get(f"/procedures/checklists/{checklist.public_id}/").content.decode()
    assert "転入届" in html
    assert 'href="/tetsuzuki/tennyu/"' not in html
    assert 'href="/tetsuzuki/jido-teate/"' in html


def _render_section(user):
    request = RequestFactory().get("/accounts/profile/")
    request.user = user
    section = checklist_section(user, request)
    return section, render_to_string(section.template_name, {"section": section})


@pytest.mark.parametrize("rows", [1, 20])
def test_account_section_is_one_query(django_assert_num_queries, rows):
    """The section lists the newest five checklists in one query."""
    alice = UserFactory()
    for _number in range(rows):
        ProcedureChecklist.objects.create(
            user=alice, answers={}, items=[{"key": str(uuid.uuid4()), "title": "x"}]
        )
    ProcedureChecklist.objects.create(user=UserFactory(), answers={}, items=[])
    with django_assert_num_queries(1):
        _section, html = _render_section(alice)
    assert html.count("/procedures/checklists/") == min(rows, 5)


def test_account_page_shows_the_section(client):
    """The section is registered with the account page."""
    alice = UserFactory()
    request = RequestFactory().get("/accounts/profile/")
    with translation.override("en"):
        titles = [
            s.title for s in account_sections_for_user(user=alice, request=request)
        ]
    assert "Procedure checklists" in titles
