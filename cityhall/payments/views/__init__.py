"""HTML views of the payments app, thin: each calls one selector or service.

``providers``: the sandbox provider's pages and the webhook endpoints;
``resident``: the signed-in resident's invoices, card checkout, receipts and
PDFs.
"""

from cityhall.payments.views.providers import (
    sandbox_authenticate,
    sandbox_checkout,
    stripe_webhook,
)
from cityhall.payments.views.resident import (
    card_checkout,
    card_page,
    invoice_detail,
    invoice_list,
    payment_abandon,
    payment_result,
    payment_resume,
    payment_slip_download,
    receipt,
    receipt_pdf_download,
)

__all__ = [
    "card_checkout",
    "card_page",
    "invoice_detail",
    "invoice_list",
    "payment_abandon",
    "payment_result",
    "payment_resume",
    "payment_slip_download",
    "receipt",
    "receipt_pdf_download",
    "sandbox_authenticate",
    "sandbox_checkout",
    "stripe_webhook",
]
