"""The applications console: the queue of the staff's departments, one
application (every opening audited) and its status changes."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error
from cityhall.core.services.audit import audit_log
from cityhall.eforms.console import selectors
from cityhall.eforms.console.access import processing_staff_required
from cityhall.eforms.definition import definition_parse
from cityhall.eforms.forms import StatusChangeForm
from cityhall.eforms.models import Submission
from cityhall.eforms.questions import question_type
from cityhall.eforms.services.submissions import submission_status_change

PAGE_SIZE = 50


@require_http_methods(["GET"])
@processing_staff_required
def queue_index(request: HttpRequest, department_ids: list[int]) -> HttpResponse:
    """Open applications of the staff's departments, oldest first, 50 a page
    (``?status=`` shows one status, finished ones included)."""
    status = request.GET.get("status", "")
    if status not in Submission.Status.values:
        status = ""
    page = Paginator(
        selectors.queue_for_departments(department_ids=department_ids, status=status),
        PAGE_SIZE,
    ).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "eforms/console/queue.html",
        {"page": page, "status": status, "statuses": Submission.Status.choices},
    )


def _detail(
    request: HttpRequest, submission: Submission, form: StatusChangeForm | None = None
) -> TemplateResponse:
    definition = definition_parse(submission.form_version.definition)
    rows = [
        (
            q,
            question_type(q.type).display(q, submission.answers[q.id]),
            q.type == "file" and bool(submission.answers[q.id]),
        )
        for q in definition.questions()
        if q.id in submission.answers
    ]
    form = form or StatusChangeForm(current=submission.status)
    return TemplateResponse(
        request,
        "eforms/console/detail.html",
        {
            "submission": submission,
            "rows": rows,
            "events": submission.events.all(),
            "form": form,
            "can_change": bool(form.fields["status"].choices),
        },
        status=400 if form.errors else 200,
    )


def _submission_or_404(department_ids: list[int], public_id: uuid.UUID) -> Submission:
    submission = selectors.submission_get_for_departments(
        department_ids=department_ids, public_id=public_id
    )
    if submission is None:
        raise Http404
    return submission


@require_http_methods(["GET"])
@processing_staff_required
def submission_detail(
    request: HttpRequest, department_ids: list[int], public_id: uuid.UUID
) -> HttpResponse:
    """One application with its answers and history; the opening is audited."""
    submission = _submission_or_404(department_ids, public_id)
    audit_log(actor=request.user, action="eforms_submission.view", target=submission)
    return _detail(request, submission)


@require_http_methods(["POST"])
@processing_staff_required
def submission_status(
    request: HttpRequest, department_ids: list[int], public_id: uuid.UUID
) -> HttpResponse:
    """Change the application's status, with a reason mailed to the applicant."""
    submission = _submission_or_404(department_ids, public_id)
    form = StatusChangeForm(request.POST, current=submission.status)
    if form.is_valid():
        try:
            submission_status_change(
                submission=submission,
                to_status=form.cleaned_data["status"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Application %(reference)s is now: %(status)s.")
                % {
                    "reference": submission.reference_number,
                    "status": submission.get_status_display(),
                },
            )
            return redirect("eforms_console:detail", public_id=submission.public_id)
    return _detail(request, submission, form)


@require_http_methods(["GET"])
@processing_staff_required
def submission_file(
    request: HttpRequest,
    department_ids: list[int],
    public_id: uuid.UUID,
    question_id: str,
) -> HttpResponse:
    """A file attached to the application, as a download; audited."""
    submission = _submission_or_404(department_ids, public_id)
    value = submission.answers.get(question_id)
    if not (isinstance(value, dict) and value.get("path")):
        raise Http404
    audit_log(
        actor=request.user,
        action="eforms_submission.file_download",
        target=submission,
        data={"question": question_id},
    )
    return FileResponse(
        default_storage.open(value["path"]), as_attachment=True, filename=value["name"]
    )
