"""Staff console (Wagtail admin) registrations of the payments app.

The screens live in :mod:`cityhall.payments.console`, one module per concept;
this module only registers their URLs and menu with Wagtail.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem

from cityhall.payments.console.urls import payments_admin_urls, payments_menu_item


@hooks.register("register_admin_urls")
def register_payments_console_urls() -> list:
    return payments_admin_urls()


@hooks.register("register_admin_menu_item")
def register_payments_console_menu() -> SubmenuMenuItem:
    return payments_menu_item()
