"""Staff console registrations of notice delivery (screens in ``console``)."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cityhall.notices import console


@hooks.register("register_admin_urls")
def register_delivery_urls() -> list:
    return console.delivery_admin_urls()


@hooks.register("register_admin_menu_item")
def register_delivery_menu_item() -> MenuItem:
    return console.delivery_menu_item()
