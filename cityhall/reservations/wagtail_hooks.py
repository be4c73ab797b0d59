"""Staff console (Wagtail admin) registrations of the reservations app.

The screens live in :mod:`cityhall.reservations.console` (bookings,
blackouts, city events, utilisation) and
:mod:`cityhall.reservations.console_lottery` (group approval, lotteries), one
module per concept; this module only registers their URLs and menus with
Wagtail.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem

from cityhall.reservations.console.urls import (
    reservations_admin_urls,
    reservations_menu_item,
)
from cityhall.reservations.console_lottery.urls import (
    lottery_admin_urls,
    lottery_menu_item,
)


@hooks.register("register_admin_urls")
def register_reservations_console_urls() -> list:
    return reservations_admin_urls()


@hooks.register("register_admin_menu_item")
def register_reservations_console_menu() -> SubmenuMenuItem:
    return reservations_menu_item()


@hooks.register("register_admin_urls")
def register_lottery_console_urls() -> list:
    return lottery_admin_urls()


@hooks.register("register_admin_menu_item")
def register_lottery_console_menu() -> SubmenuMenuItem:
    return lottery_menu_item()
