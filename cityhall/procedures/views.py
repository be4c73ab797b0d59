"""The 手続きナビ questionnaire with its checklist, and the resident's saved
checklists. Saved checklists are found through a selector scoped to the
resident, so another resident's id answers 404 as an unknown one does."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cityhall.common.forms import add_application_error
from cityhall.core.residents.views import resident_required
from cityhall.procedures.errors import ProcedureError
from cityhall.procedures.forms import NaviForm
from cityhall.procedures.rules import Answers, Insurance, LifeEventKind, Moving
from cityhall.procedures.selectors import (
    checklist_get_for_user,
    checklist_procedures,
    guide_for_locale,
    navi_locale,
    procedures_for_answers,
)
from cityhall.procedures.services import checklist_delete, checklist_save


def _answer_labels(answers: Answers) -> list[tuple[str, str]]:
    """The answers as (question, answer) pairs for the printed checklist."""
    events = [
        str(label) for value, label in LifeEventKind.choices if value in answers.events
    ]
    return [
        (_("Moving"), str(Moving(answers.moving).label)),
        (_("Events in the household"), ", ".join(events) or _("None")),
        (_("Health insurance"), str(Insurance(answers.insurance).label)),
        (
            _("Ages of children"),
            ", ".join(str(age) for age in answers.child_ages) or _("None"),
        ),
        (
            _("Your age"),
            str(answers.age) if answers.age is not None else _("Not given"),
        ),
    ]


@require_GET
def navi(request: HttpRequest) -> HttpResponse:
    """The questionnaire; once answered (any query parameter), the checklist of
    procedures that apply is shown below it."""
    form = NaviForm(request.GET or None)
    locale = navi_locale()
    context: dict = {"form": form, "guide": guide_for_locale(locale)}
    if not form.is_bound:
        return render(request, "procedures/navi.html", context)
    if not form.is_valid():
        return render(request, "procedures/navi.html", context, status=400)
    answers = form.answers()
    context.update(
        answered=True,
        procedures=procedures_for_answers(answers, locale=locale),
        answer_labels=_answer_labels(answers),
        # The answers again, for the form that keeps the checklist.
        hidden_answers=[
            (name, value)
            for name in form.fields
            for value in request.GET.getlist(name)
            if value != ""
        ],
    )
    return render(request, "procedures/navi.html", context)


@require_POST
@resident_required
def checklist_create(request: HttpRequest) -> HttpResponse:
    """Keep the checklist for the posted answers in the resident's account."""
    form = NaviForm(request.POST)
    if form.is_valid():
        try:
            checklist = checklist_save(
                user=request.user, answers=form.answers(), locale=navi_locale()
            )
        except ProcedureError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The checklist is kept in your account."))
            return redirect(
                "procedures:checklist_detail", public_id=checklist.public_id
            )
    context = {"form": form, "guide": guide_for_locale(navi_locale())}
    return render(request, "procedures/navi.html", context, status=400)


@never_cache
@require_GET
@resident_required
def checklist_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One saved checklist of the signed-in resident."""
    checklist = checklist_get_for_user(user=request.user, public_id=public_id)
    if checklist is None:
        raise Http404
    answers = Answers.from_json(checklist.answers)
    return render(
        request,
        "procedures/checklist_detail.html",
        {
            "checklist": checklist,
            "procedures": checklist_procedures(checklist, locale=navi_locale()),
            "answer_labels": _answer_labels(answers),
        },
    )


@require_POST
@resident_required
def checklist_remove(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Delete one of the resident's checklists."""
    if not checklist_delete(user=request.user, public_id=public_id):
        raise Http404
    messages.success(request, _("The checklist has been deleted."))
    return redirect("accounts:profile")
