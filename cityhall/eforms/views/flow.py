"""The resident's way through a form, one page of questions per screen.

Start (signed in, or as a guest verified by a mailed link) → pages, each
"Continue" saving the draft on the server → check your answers → submit →
confirmation with the reference number. Branching is evaluated on the server;
"Back" goes to the page actually visited before.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cityhall.common.errors import ApplicationError
from cityhall.eforms import selectors
from cityhall.eforms.definition import CHECK, definition_parse
from cityhall.eforms.forms import GuestEmailForm, PageForm, field_anchor
from cityhall.eforms.models import Draft
from cityhall.eforms.questions import question_type
from cityhall.eforms.services.drafts import (
    draft_back_target,
    draft_guest_verify,
    draft_is_complete,
    draft_page_save,
    draft_start_for_guest,
    draft_start_for_user,
)
from cityhall.eforms.services.submissions import submission_create
from cityhall.eforms.tokens import GuestTokenInvalid, guest_token_read
from cityhall.eforms.views.access import (
    GUEST_DRAFTS,
    GUEST_SUBMISSIONS,
    draft_for_request,
    session_remember,
    submission_for_request,
)

_T = "eforms/resident/"


def _to_current(draft: Draft) -> HttpResponse:
    current = draft.current_page or CHECK
    if current == CHECK:
        return redirect("eforms:draft_check", public_id=draft.public_id)
    return redirect("eforms:draft_page", public_id=draft.public_id, page_id=current)


@never_cache
@require_http_methods(["GET", "POST"])
def form_start(request: HttpRequest, slug: str) -> HttpResponse:
    """The form's start page: what it is for, then start (account) or get a
    link by e-mail (guest)."""
    form = selectors.form_get_open(slug=slug)
    if form is None:
        raise Http404
    guest_form = GuestEmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                return _to_current(draft_start_for_user(form=form, user=request.user))
            if guest_form.is_valid():
                draft_start_for_guest(form=form, email=guest_form.cleaned_data["email"])
                return render(request, _T + "guest_sent.html", {"form_obj": form})
            status = 400
        except ApplicationError as error:
            messages.error(request, str(error.message))
            status = 409
    return render(
        request,
        _T + "start.html",
        {"form_obj": form, "guest_form": guest_form},
        status=status,
    )


@never_cache
@require_http_methods(["GET"])
def guest_continue(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a guest: opens their draft in this browser."""
    try:
        public_id, email = guest_token_read(token)
    except GuestTokenInvalid:
        return render(request, _T + "link_invalid.html", status=400)
    draft = selectors.draft_get_by_public_id(public_id=public_id)
    if draft is None or draft.guest_email.lower() != email:
        return render(request, _T + "link_invalid.html", status=400)
    draft_guest_verify(draft=draft)
    session_remember(request, GUEST_DRAFTS, draft.public_id)
    return _to_current(draft)


def _page_context(draft: Draft, page_form: PageForm, page_id: str) -> dict:
    back = draft_back_target(draft=draft, page_id=page_id)
    questions = page_form.bound_questions()
    return {
        "draft": draft,
        "form_obj": draft.form_version.form,
        "page": page_form.page,
        "page_form": page_form,
        "questions": questions,
        "errors": [
            (field_anchor(bf), bq.question.label, error)
            for bq in questions
            for bf in bq.fields
            for error in bf.errors
        ],
        "back": back,
        "multipart": any(q.type == "file" for q in page_form.page.questions),
        "has_address": any(q.type == "address" for q in page_form.page.questions),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def draft_page(
    request: HttpRequest, public_id: uuid.UUID, page_id: str
) -> HttpResponse:
    """One page of questions; "Continue" saves and follows the branching."""
    draft = draft_for_request(request, public_id)
    page = definition_parse(draft.form_version.definition).page(page_id)
    if page is None or page_id not in draft.history:
        return _to_current(draft)
    if request.method == "GET":
        page_form = PageForm(page=page, answers=draft.answers)
        return render(
            request, _T + "page.html", _page_context(draft, page_form, page_id)
        )
    page_form = PageForm(request.POST, request.FILES, page=page, answers=draft.answers)
    if "find_address" in request.POST:
        if not page_form.fill_addresses():
            messages.error(request, _("No address was found for this postal code."))
        return render(
            request, _T + "page.html", _page_context(draft, page_form, page_id)
        )
    if not page_form.is_valid():
        return render(
            request,
            _T + "page.html",
            _page_context(draft, page_form, page_id),
            status=400,
        )
    draft_page_save(
        draft=draft,
        page_id=page_id,
        answers=page_form.answers,
        return_to_check=request.GET.get("change") == "1",
    )
    return _to_current(draft)


def answer_rows(draft: Draft) -> list[dict]:
    """Rows of check-your-answers: page, question, answer as read."""
    definition = definition_parse(draft.form_version.definition)
    return [
        {
            "page": page,
            "question": question,
            "answer": question_type(question.type).display(
                question, draft.answers.get(question.id)
            ),
        }
        for page in definition.path(draft.answers)
        for question in page.questions
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def draft_check(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Check your answers, with a "Change" link per answer; POST submits."""
    draft = draft_for_request(request, public_id)
    if not draft_is_complete(draft):
        return _to_current(draft)
    if request.method == "POST":
        try:
            submission = submission_create(draft=draft)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            if not request.user.is_authenticated:
                session_remember(request, GUEST_SUBMISSIONS, submission.public_id)
            return redirect("eforms:submission_done", public_id=submission.public_id)
    context = {
        "draft": draft,
        "form_obj": draft.form_version.form,
        "rows": answer_rows(draft),
        "back": draft_back_target(draft=draft, page_id=CHECK),
        "fee": definition_parse(draft.form_version.definition).fee,
    }
    return render(request, _T + "check.html", context)


@never_cache
@require_http_methods(["GET"])
def submission_done(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The confirmation: reference number and what happens next."""
    submission = submission_for_request(request, public_id)
    definition = definition_parse(submission.form_version.definition)
    return render(
        request,
        _T + "done.html",
        {"submission": submission, "confirmation": definition.confirmation},
    )
