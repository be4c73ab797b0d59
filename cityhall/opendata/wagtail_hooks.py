"""Staff console registrations of the open-data app (screens in ``console/``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cityhall.opendata.console import urls as console_urls
from cityhall.opendata.permissions import can_manage_open_data


class _OpenDataMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_manage_open_data(request.user)


@hooks.register("register_admin_urls")
def register_opendata_urls() -> list:
    return [
        path(
            "opendata/",
            include(
                (console_urls.urlpatterns, console_urls.app_name),
                namespace=console_urls.app_name,
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_opendata_menu_item() -> MenuItem:
    return _OpenDataMenuItem(
        _("Open data"),
        reverse("cityhall_opendata:index"),
        icon_name="table",
        order=400,
    )
