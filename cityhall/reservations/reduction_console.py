"""Staff console screens for fee reductions (減免) awaiting review, under
``/admin/reservations/reductions/``: the list of pending reviews, one review
with its evidence, and the approve/reject decision. Reviewers are the staff
:func:`~cityhall.reservations.selectors.reduction_reviewer` lets in; anyone
else gets 403. Evidence is streamed through a view with the same check, never
from a public media URL."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cityhall.common.forms import add_application_error
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import ReductionReview
from cityhall.reservations.selectors import (
    reduction_review_get_for_staff,
    reduction_review_list_for_staff,
    reduction_reviewer,
)
from cityhall.reservations.services.reductions import (
    reduction_approve,
    reduction_reject,
)


class ReductionDecisionForm(forms.Form):
    """Approve or reject, with a note the resident sees."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve the reduction")),
            ("reject", _("Reject: bill the full fee")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the resident"), max_length=500, required=False
    )


def _forbidden(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(
        request, "reservations/console/reduction_forbidden.html", status=403
    )


@require_http_methods(["GET"])
def reduction_index(request: HttpRequest) -> HttpResponse:
    """Reductions awaiting review, oldest first."""
    if not reduction_reviewer(request.user):
        return _forbidden(request)
    reviews = list(reduction_review_list_for_staff(user=request.user))
    return TemplateResponse(
        request, "reservations/console/reduction_index.html", {"reviews": reviews}
    )


def _review_or_404(request: HttpRequest, public_id: uuid.UUID) -> ReductionReview:
    review = reduction_review_get_for_staff(user=request.user, public_id=public_id)
    if review is None:
        raise Http404
    return review


@require_http_methods(["GET", "POST"])
def reduction_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One review: booking, fee breakdown, evidence link, and the decision."""
    if not reduction_reviewer(request.user):
        return _forbidden(request)
    review = _review_or_404(request, public_id)
    form = ReductionDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decide = (
            reduction_approve
            if form.cleaned_data["decision"] == "approve"
            else reduction_reject
        )
        try:
            decide(review=review, staff=request.user, note=form.cleaned_data["note"])
        except ReservationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("reservations_reductions:reductions")
    return TemplateResponse(
        request,
        "reservations/console/reduction_detail.html",
        {"review": review, "booking": review.booking, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def reduction_evidence(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The evidence file of one review, as an attachment."""
    if not reduction_reviewer(request.user):
        return _forbidden(request)
    review = _review_or_404(request, public_id)
    extension = PurePath(review.evidence.name).suffix
    return FileResponse(
        review.evidence.open("rb"),
        as_attachment=True,
        filename=f"evidence-{review.public_id}{extension}",
    )


app_name = "reservations_reductions"
urlpatterns = [
    path("", reduction_index, name="reductions"),
    path("<uuid:public_id>/", reduction_detail, name="reduction"),
    path("<uuid:public_id>/evidence/", reduction_evidence, name="reduction_evidence"),
]


@hooks.register("register_admin_urls")
def register_reduction_console_urls() -> list:
    return [
        path(
            "reservations/reductions/",
            include((urlpatterns, app_name), namespace=app_name),
        )
    ]


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return reduction_reviewer(request.user)


@hooks.register("register_admin_menu_item")
def register_reduction_console_menu() -> MenuItem:
    return ReviewerMenuItem(
        _("Fee reductions"),
        reverse("reservations_reductions:reductions"),
        icon_name="tasks",
        order=620,
    )
