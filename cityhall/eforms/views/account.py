"""The resident's applications (drafts and submissions) and the small JSON
endpoint that fills an address from its postal code."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cityhall.core.residents.views import resident_required
from cityhall.eforms import selectors
from cityhall.eforms.definition import definition_parse
from cityhall.eforms.questions import question_type
from cityhall.eforms.questions.address import postal_address
from cityhall.eforms.views.access import submission_for_request

_T = "eforms/resident/"


@never_cache
@require_GET
@resident_required
def my_applications(request: HttpRequest) -> HttpResponse:
    """The resident's drafts in progress and submitted applications."""
    return render(
        request,
        _T + "mine.html",
        {
            "drafts": list(selectors.draft_list_for_user(user=request.user)),
            "submissions": list(selectors.submission_list_for_user(user=request.user)),
        },
    )


@never_cache
@require_GET
@resident_required
def submission_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One of the resident's applications: status, history, answers."""
    submission = submission_for_request(request, public_id)
    definition = definition_parse(submission.form_version.definition)
    rows = [
        (q, question_type(q.type).display(q, submission.answers[q.id]))
        for q in definition.questions()
        if q.id in submission.answers
    ]
    return render(
        request,
        _T + "submission.html",
        {"submission": submission, "rows": rows, "events": submission.events.all()},
    )


@require_GET
def postal_code_lookup(request: HttpRequest) -> JsonResponse:
    """``?code=3248641`` → prefecture, city and town (404 when unknown)."""
    found = postal_address(request.GET.get("code", ""))
    if found is None:
        return JsonResponse({"error": "not_found"}, status=404)
    return JsonResponse(found)
