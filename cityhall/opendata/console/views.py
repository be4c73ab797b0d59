"""Console screens of the catalogue (thin: each calls one service or selector).

Shown to those who may manage open data
(:func:`cityhall.opendata.permissions.can_manage_open_data`): the IT policy
division's system administrators and the web editors.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error
from cityhall.core.console.forbidden import console_forbidden
from cityhall.opendata.console.forms import DatasetForm, ResourceForm, UploadForm
from cityhall.opendata.models import Dataset, Resource, VersionStatus
from cityhall.opendata.permissions import can_manage_open_data
from cityhall.opendata.selectors import (
    dataset_get_for_staff,
    dataset_list_for_staff,
    resource_versions,
)
from cityhall.opendata.services.datasets import (
    dataset_create,
    dataset_publish,
    dataset_unpublish,
    dataset_update,
)
from cityhall.opendata.services.resources import resource_create, resource_upload


def _error_field(error: ApplicationError) -> str | None:
    field = error.extra.get("field") if error.extra else None
    return str(field) if field else None


def _dataset_or_404(request: HttpRequest, public_id: uuid.UUID) -> Dataset:
    dataset = dataset_get_for_staff(user=request.user, public_id=public_id)
    if dataset is None:
        raise Http404
    return dataset


def _resource_or_404(dataset: Dataset, resource_id: uuid.UUID) -> Resource:
    for resource in dataset.resources.all():
        if resource.public_id == resource_id:
            return resource
    raise Http404


@require_http_methods(["GET"])
def dataset_list(request: HttpRequest) -> HttpResponse:
    """Every dataset, drafts included, with its state and resources."""
    if not can_manage_open_data(request.user):
        return console_forbidden(request)
    datasets = dataset_list_for_staff(user=request.user).order_by("name")
    return TemplateResponse(
        request, "opendata/console/dataset_list.html", {"datasets": datasets}
    )


@require_http_methods(["GET", "POST"])
def dataset_new(request: HttpRequest) -> HttpResponse:
    """Create a dataset (as a draft)."""
    if not can_manage_open_data(request.user):
        return console_forbidden(request)
    form = DatasetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = dataset_create(
                name=form.cleaned_data["name"],
                user=request.user,
                **form.service_arguments(),
            )
        except ApplicationError as error:
            add_application_error(form, error, field=_error_field(error))
        else:
            messages.success(request, _("The dataset was created as a draft."))
            return redirect("cityhall_opendata:dataset", public_id=dataset.public_id)
    return TemplateResponse(
        request, "opendata/console/dataset_form.html", {"form": form, "dataset": None}
    )


def _dataset_initial(dataset: Dataset) -> dict[str, Any]:
    return {
        "name": dataset.name,
        "title": dataset.title,
        "title_en": dataset.title_translations.get("en", ""),
        "notes": dataset.notes,
        "organisation": dataset.organisation_id,
        "tags": ", ".join(tag.name for tag in dataset.tags.all()),
        "groups": [group.pk for group in dataset.groups.all()],
        "license_id": dataset.license_id,
        "update_frequency": dataset.update_frequency,
        "schema_key": dataset.schema_key,
        "contact_name": dataset.contact_name,
        "contact_email": dataset.contact_email,
        "contact_phone": dataset.contact_phone,
        "spatial": dataset.spatial,
    }


@require_http_methods(["GET", "POST"])
def dataset_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A dataset's metadata, its resources and the publish switch."""
    if not can_manage_open_data(request.user):
        return console_forbidden(request)
    dataset = _dataset_or_404(request, public_id)
    form = DatasetForm(
        request.POST or None, initial=_dataset_initial(dataset), editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            dataset_update(
                dataset=dataset, user=request.user, **form.service_arguments()
            )
        except ApplicationError as error:
            add_application_error(form, error, field=_error_field(error))
        else:
            messages.success(request, _("The dataset was saved."))
            return redirect("cityhall_opendata:dataset", public_id=dataset.public_id)
    return TemplateResponse(
        request,
        "opendata/console/dataset_form.html",
        {"form": form, "dataset": dataset, "resource_form": ResourceForm()},
    )


@require_POST
def dataset_state(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Publish or unpublish (``action`` = ``publish`` / ``unpublish``)."""
    if not can_manage_open_data(request.user):
        return console_forbidden(request)
    dataset = _dataset_or_404(request, public_id)
    action = request.POST.get("action")
    if action == "publish":
        dataset_publish(dataset=dataset, user=request.user)
        messages.success(request, _("The dataset is now public."))
    elif action == "unpublish":
        dataset_unpublish(dataset=dataset, user=request.user)
        messages.success(request, _("The dataset is no longer public."))
    return redirect("cityhall_opendata:dataset", public_id=dataset.public_id)


@require_POST
def resource_new(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Add a resource (file or link) to a dataset."""
    if not can_manage_open_data(request.user):
        return console_forbidden(request)
    dataset = _dataset_or_404(request, public_id)
    resource_form = ResourceForm(request.POST)
    if resource_form.is_valid():
        try:
            resource = resource_create(
                dataset=dataset, user=request.user, **resource_form.cleaned_data
            )
        except ApplicationError as error:
            add_application_error(resource_form, error, field=_error_field(error))
        else:
            messages.success(request, _("The resource was added."))
            if resource.format != "LINK":
                return redirect(
                    "cityhall_opendata:upload",
                    public_id=dataset.public_id,
                    resource_id=resource.public_id,
                )
            return redirect("cityhall_opendata:dataset", public_id=dataset.public_id)
    form = DatasetForm(initial=_dataset_initial(dataset), editing=True)
    return TemplateResponse(
        request,
        "opendata/console/dataset_form.html",
        {"form": form, "dataset": dataset, "resource_form": resource_form},
        status=400,
    )


@require_http_methods(["GET", "POST"])
def upload(
    request: HttpRequest, public_id: uuid.UUID, resource_id: uuid.UUID
) -> HttpResponse:
    """Upload a new version of a resource and show its validation report."""
    if not can_manage_open_data(request.user):
        return console_forbidden(request)
    dataset = _dataset_or_404(request, public_id)
    resource = _resource_or_404(dataset, resource_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    version = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            version = resource_upload(
                resource=resource,
                data=upload_file.read(),
                filename=upload_file.name,
                user=request.user,
            )
        except ApplicationError as error:
            add_application_error(form, error, field="file")
    return TemplateResponse(
        request,
        "opendata/console/upload.html",
        {
            "dataset": dataset,
            "resource": resource,
            "form": form,
            "version": version,
            "accepted": version is not None and version.status == VersionStatus.VALID,
            "versions": resource_versions(resource=resource)[:10],
        },
        status=200 if version is None or version.status == VersionStatus.VALID else 422,
    )
