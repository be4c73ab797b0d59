"""URLs of the group and lottery console (under
``/admin/reservations-lottery/``) and its menu."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from cityhall.reservations.console_lottery import groups, lottery
from cityhall.reservations.console_lottery.access import (
    reservations_staff_municipality,
)

app_name = "reservations_lottery_console"

urlpatterns = [
    path("groups/", groups.group_index, name="groups"),
    path("groups/<uuid:public_id>/", groups.group_detail, name="group"),
    path("groups/<uuid:public_id>/decide/", groups.group_decide, name="group_decide"),
    path("lottery/", lottery.window_index, name="windows"),
    path("lottery/new/", lottery.window_new, name="window_new"),
    path("lottery/<uuid:public_id>/", lottery.window_detail, name="window"),
    path("lottery/<uuid:public_id>/step/", lottery.window_step, name="window_step"),
]


def lottery_admin_urls() -> list:
    """The console's URLs, mounted at ``/admin/reservations-lottery/``."""
    return [
        path(
            "reservations-lottery/",
            include((urlpatterns, app_name), namespace=app_name),
        )
    ]


class ReservationsStaffMenuItem(MenuItem):
    """A menu entry shown to reservations staff only."""

    def is_shown(self, request: HttpRequest) -> bool:
        if not hasattr(request, "_reservations_console_allowed"):
            request._reservations_console_allowed = (  # type: ignore[attr-defined]
                reservations_staff_municipality(request.user) is not None
            )
        return request._reservations_console_allowed  # type: ignore[attr-defined]


class ReservationsStaffSubmenu(SubmenuMenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return ReservationsStaffMenuItem.is_shown(self, request)  # type: ignore[arg-type]


def lottery_menu_item() -> SubmenuMenuItem:
    """The "Groups and lotteries" menu."""
    entries = [
        (_("Group approval"), "reservations_lottery_console:groups", "group"),
        (_("Lotteries"), "reservations_lottery_console:windows", "list-ul"),
    ]
    menu = Menu(
        items=[
            ReservationsStaffMenuItem(label, reverse(name), icon_name=icon, order=n)
            for n, (label, name, icon) in enumerate(entries, start=1)
        ]
    )
    return ReservationsStaffSubmenu(
        _("Groups and lotteries"), menu, icon_name="date", order=720
    )
