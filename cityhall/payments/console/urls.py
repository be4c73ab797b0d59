"""URLs of the payments console (under ``/admin/payments/``) and its menu."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from cityhall.payments.console import events, imports, invoices, queue, refunds, reports
from cityhall.payments.console.access import accounting_municipality

app_name = "payments_console"

urlpatterns = [
    path("", queue.queue_index, name="queue"),
    path("queue/<uuid:public_id>/", queue.queue_detail, name="queue_detail"),
    path("queue/<uuid:public_id>/match/", queue.queue_match, name="queue_match"),
    path("queue/<uuid:public_id>/dismiss/", queue.queue_dismiss, name="queue_dismiss"),
    path("imports/", imports.import_index, name="imports"),
    path("imports/<uuid:public_id>/", imports.import_progress, name="import_progress"),
    path(
        "imports/<uuid:public_id>/status/",
        imports.import_status,
        name="import_status",
    ),
    path("payments/<uuid:public_id>/", refunds.payment_detail, name="payment"),
    path("payments/<uuid:public_id>/refund/", refunds.payment_refund, name="refund"),
    path("invoices/", invoices.invoice_index, name="invoices"),
    path("invoices/new/", invoices.invoice_new, name="invoice_new"),
    path("invoices/import/", invoices.invoice_import, name="invoice_import"),
    path("invoices/<uuid:public_id>/", invoices.invoice_detail, name="invoice"),
    path(
        "invoices/<uuid:public_id>/counter/",
        invoices.invoice_counter_payment,
        name="invoice_counter",
    ),
    path(
        "invoices/<uuid:public_id>/cancel/",
        invoices.invoice_cancel_view,
        name="invoice_cancel",
    ),
    path(
        "invoices/<uuid:public_id>/correct/",
        invoices.invoice_correct_view,
        name="invoice_correct",
    ),
    path("reports/", reports.report_index, name="reports"),
    path("reports/collections.csv", reports.report_csv, name="report_csv"),
    path("events/", events.event_index, name="events"),
]


def payments_admin_urls() -> list:
    """The console's URLs, mounted at ``/admin/payments/``."""
    return [path("payments/", include((urlpatterns, app_name), namespace=app_name))]


class AccountingMenuItem(MenuItem):
    """A menu entry shown to accounting division staff only."""

    def is_shown(self, request: HttpRequest) -> bool:
        if not hasattr(request, "_payments_console_allowed"):
            request._payments_console_allowed = (  # type: ignore[attr-defined]
                accounting_municipality(request.user) is not None
            )
        return request._payments_console_allowed  # type: ignore[attr-defined]


class AccountingSubmenu(SubmenuMenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return AccountingMenuItem.is_shown(self, request)  # type: ignore[arg-type]


def payments_menu_item() -> SubmenuMenuItem:
    """The "Payments" menu with one entry per screen."""
    entries = [
        (_("Waiting for staff"), "payments_console:queue", "warning"),
        (_("Import a bank file"), "payments_console:imports", "upload"),
        (_("Invoices"), "payments_console:invoices", "doc-full"),
        (_("Collections report"), "payments_console:reports", "table"),
        (_("Provider events"), "payments_console:events", "list-ul"),
    ]
    menu = Menu(
        items=[
            AccountingMenuItem(label, reverse(name), icon_name=icon, order=order)
            for order, (label, name, icon) in enumerate(entries, start=1)
        ]
    )
    return AccountingSubmenu(_("Payments"), menu, icon_name="tasks", order=700)
