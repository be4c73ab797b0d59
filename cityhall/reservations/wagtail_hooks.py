"""Staff console (Wagtail admin) registrations of the reservations app: the
group and lottery screens of :mod:`cityhall.reservations.console_lottery`."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem

from cityhall.reservations.console_lottery.urls import (
    lottery_admin_urls,
    lottery_menu_item,
)


@hooks.register("register_admin_urls")
def register_lottery_console_urls() -> list:
    return lottery_admin_urls()


@hooks.register("register_admin_menu_item")
def register_lottery_console_menu() -> SubmenuMenuItem:
    return lottery_menu_item()
