"""URLs of the applications console (under ``/admin/eforms/``) and its menu."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from cityhall.eforms.console import views
from cityhall.eforms.console.access import may_process

app_name = "eforms_console"

urlpatterns = [
    path("", views.queue_index, name="queue"),
    path("<uuid:public_id>/", views.submission_detail, name="detail"),
    path("<uuid:public_id>/status/", views.submission_status, name="status"),
    path(
        "<uuid:public_id>/files/<slug:question_id>/",
        views.submission_file,
        name="file",
    ),
]


def eforms_admin_urls() -> list:
    """The console's URLs, mounted at ``/admin/eforms/``."""
    return [path("eforms/", include((urlpatterns, app_name), namespace=app_name))]


class ProcessingMenuItem(MenuItem):
    """Shown to staff who process some department's applications."""

    def is_shown(self, request: HttpRequest) -> bool:
        return may_process(request.user)


def eforms_menu_item() -> MenuItem:
    return ProcessingMenuItem(
        _("Applications"), reverse("eforms_console:queue"), icon_name="form", order=750
    )
