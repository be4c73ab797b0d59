"""Importing a bank file from the console, with a progress page.

The upload is kept and imported by a background task (``services.bank_uploads``);
the progress page shows the upload's status and, at the end, how many records
were applied, already known and left for staff, with any warning (an account
that is not configured, a file imported before) or the line and reason a
malformed file was rejected for. With JavaScript the status region refreshes
itself (``payments/console/import_progress.js`` fetches the status fragment);
without, a link reloads the page.
"""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error
from cityhall.core.models import Municipality
from cityhall.payments.console import selectors
from cityhall.payments.console.access import accounting_required
from cityhall.payments.console.forms import BankFileUploadForm
from cityhall.payments.models import BankFileUpload
from cityhall.payments.services.bank_uploads import bank_file_upload_create

PAGE_SIZE = 20

#: How far along each status is, out of STEPS (for the progress bar).
STEPS = 3
STEP: dict[str, int] = {
    BankFileUpload.Status.QUEUED: 0,
    BankFileUpload.Status.CHECKING: 1,
    BankFileUpload.Status.APPLYING: 2,
    BankFileUpload.Status.DONE: 3,
    BankFileUpload.Status.FAILED: 3,
}


@require_http_methods(["GET", "POST"])
@accounting_required
def import_index(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The upload form (POST starts an import) and the recent uploads."""
    form = BankFileUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            upload = bank_file_upload_create(
                municipality=municipality,
                filename=upload_file.name,
                data=upload_file.read(),
                actor=request.user,
                language=get_language() or "",
            )
        except ApplicationError as error:
            add_application_error(form, error, field="file")
        else:
            return redirect("payments_console:import_progress", upload.public_id)
    page = Paginator(
        selectors.uploads_for_municipality(municipality=municipality), PAGE_SIZE
    ).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "payments/console/import_index.html",
        {"form": form, "page": page, "object_list": page.object_list},
        status=400 if form.errors else 200,
    )


def _progress_context(upload: BankFileUpload) -> dict:
    return {"upload": upload, "step": STEP[upload.status], "steps": STEPS}


def _upload_or_404(municipality: Municipality, public_id: uuid.UUID) -> BankFileUpload:
    upload = selectors.upload_get(municipality=municipality, public_id=public_id)
    if upload is None:
        raise Http404
    return upload


@require_http_methods(["GET"])
@accounting_required
def import_progress(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """Where one import stands, and its counts once done."""
    upload = _upload_or_404(municipality, public_id)
    return TemplateResponse(
        request, "payments/console/import_progress.html", _progress_context(upload)
    )


@require_http_methods(["GET"])
@accounting_required
def import_status(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """The status region alone, for the page's script to swap in."""
    upload = _upload_or_404(municipality, public_id)
    response = TemplateResponse(
        request, "payments/console/_import_status.html", _progress_context(upload)
    )
    response["Cache-Control"] = "no-store"
    return response
