"""Staff console registrations of electronic applications (screens live in
:mod:`cityhall.eforms.console`)."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cityhall.eforms.console.urls import eforms_admin_urls, eforms_menu_item


@hooks.register("register_admin_urls")
def register_eforms_console_urls() -> list:
    return eforms_admin_urls()


@hooks.register("register_admin_menu_item")
def register_eforms_console_menu() -> MenuItem:
    return eforms_menu_item()
