"""Pages of the payments app under the language prefix: the resident's
invoices, card checkout, receipts and PDFs, and the sandbox provider's pages.
Public UUIDs in every address that names a record."""

from django.urls import path

from cityhall.payments import views

app_name = "payments"

urlpatterns = [
    path("invoices/", views.invoice_list, name="invoice_list"),
    path("invoices/<uuid:public_id>/", views.invoice_detail, name="invoice_detail"),
    path(
        "invoices/<uuid:public_id>/card/",
        views.card_checkout,
        name="card_checkout",
    ),
    path(
        "invoices/<uuid:public_id>/payment-slip.pdf",
        views.payment_slip_download,
        name="payment_slip_pdf",
    ),
    path("attempts/<uuid:public_id>/", views.payment_result, name="payment_result"),
    path("attempts/<uuid:public_id>/card/", views.card_page, name="card_page"),
    path(
        "attempts/<uuid:public_id>/continue/",
        views.payment_resume,
        name="payment_resume",
    ),
    path(
        "attempts/<uuid:public_id>/cancel/",
        views.payment_abandon,
        name="payment_abandon",
    ),
    path("attempts/<uuid:public_id>/receipt/", views.receipt, name="receipt"),
    path(
        "attempts/<uuid:public_id>/receipt.pdf",
        views.receipt_pdf_download,
        name="receipt_pdf",
    ),
    path("sandbox/<str:reference>/", views.sandbox_checkout, name="sandbox_checkout"),
    path(
        "sandbox/<str:reference>/authenticate/",
        views.sandbox_authenticate,
        name="sandbox_authenticate",
    ),
]
