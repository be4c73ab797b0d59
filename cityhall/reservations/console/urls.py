"""URLs of the reservations console (under ``/admin/reservations/``) and its
menu."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from cityhall.reservations.console import blackouts, bookings, recurring, utilisation
from cityhall.reservations.console.access import console_allowed

app_name = "reservations_console"

urlpatterns = [
    path("", bookings.booking_index, name="bookings"),
    path("bookings/<uuid:public_id>/", bookings.booking_detail, name="booking"),
    path(
        "bookings/<uuid:public_id>/usage/",
        bookings.booking_usage,
        name="booking_usage",
    ),
    path(
        "bookings/<uuid:public_id>/cancel/",
        bookings.booking_cancel_view,
        name="booking_cancel",
    ),
    path("blackouts/", blackouts.blackout_index, name="blackouts"),
    path("city-events/", recurring.recurring_index, name="recurring"),
    path("utilisation/", utilisation.utilisation_index, name="utilisation"),
    path(
        "utilisation/utilisation.csv",
        utilisation.utilisation_csv_view,
        name="utilisation_csv",
    ),
]


def reservations_admin_urls() -> list:
    """The console's URLs, mounted at ``/admin/reservations/``."""
    return [path("reservations/", include((urlpatterns, app_name), namespace=app_name))]


class BookingsStaffMenuItem(MenuItem):
    """A menu entry shown to staff who may manage bookings only."""

    def is_shown(self, request: HttpRequest) -> bool:
        return console_allowed(request)


class BookingsStaffSubmenu(SubmenuMenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return console_allowed(request)


def reservations_menu_item() -> SubmenuMenuItem:
    """The "Facility bookings" menu with one entry per screen."""
    entries = [
        (_("Bookings"), "reservations_console:bookings", "date"),
        (_("Blackouts"), "reservations_console:blackouts", "lock"),
        (_("City events"), "reservations_console:recurring", "history"),
        (_("Utilisation"), "reservations_console:utilisation", "table"),
    ]
    menu = Menu(
        items=[
            BookingsStaffMenuItem(label, reverse(name), icon_name=icon, order=order)
            for order, (label, name, icon) in enumerate(entries, start=1)
        ]
    )
    return BookingsStaffSubmenu(
        _("Facility bookings"), menu, icon_name="date", order=720
    )
