"""The 領収書 (receipt) of a successful payment as a PDF, printed in Japanese
like the payment slip."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cityhall.payments.documents.common import (
    MARGIN,
    PAGE_HEIGHT,
    date_printed,
    installment_text,
    pdf_render,
    rows_draw,
    yen_text,
)
from cityhall.payments.models import Payment


def receipt_number(payment: Payment) -> str:
    """The number printed on the receipt: the counter's paper receipt number
    when there is one, else the payment's public id."""
    return payment.receipt_number or str(payment.public_id)


def receipt_pdf(*, payment: Payment) -> bytes:
    """The 領収書 of ``payment`` (a ``success`` attempt) as PDF bytes."""
    if payment.state != Payment.State.SUCCESS or payment.paid_at is None:
        raise ValueError("only a successful payment has a receipt")
    invoice = payment.invoice
    municipality = invoice.municipality
    paid_on = timezone.localtime(payment.paid_at).date()

    def draw(canvas: Canvas, font: str) -> None:
        y = PAGE_HEIGHT - MARGIN - 10 * mm
        canvas.setFont(font, 20)
        canvas.drawString(MARGIN, y, _("Receipt"))
        canvas.setFont(font, 11)
        canvas.drawRightString(canvas._pagesize[0] - MARGIN, y, municipality.name)
        y -= 14 * mm
        canvas.setFont(font, 14)
        canvas.drawString(
            MARGIN, y, _("%(name)s (payer)") % {"name": invoice.payer_name}
        )
        y -= 14 * mm
        canvas.setFont(font, 18)
        canvas.drawString(MARGIN, y, yen_text(payment.amount))
        y -= 12 * mm
        description = invoice.get_subject_display()
        if invoice.description:
            description = f"{description} ({invoice.description})"
        rows = [
            (_("For"), description),
            (_("Fiscal year"), str(invoice.fiscal_year)),
            (_("Instalment"), installment_text(invoice)),
            (_("Paid on"), date_printed(paid_on)),
            (_("Paid by"), payment.get_channel_display()),
            (_("Payment number"), invoice.reference_number),
            (_("Receipt number"), receipt_number(payment)),
        ]
        if payment.refunded_amount:
            rows.append((_("Refunded"), yen_text(payment.refunded_amount)))
        y = rows_draw(canvas, font, top=y, rows=rows)
        y -= 10 * mm
        canvas.setFont(font, 11)
        canvas.drawString(
            MARGIN, y, _("We have received the amount above with thanks.")
        )
        y -= 8 * mm
        canvas.setFont(font, 9)
        canvas.drawString(
            MARGIN,
            y,
            f"{municipality.name}, {municipality.postal_code} {municipality.address}",
        )

    with translation.override("ja"):
        return pdf_render(title=_("Receipt"), author=municipality.name, draw=draw)
