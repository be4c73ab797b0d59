"""The 納付書 (payment slip) as a PDF: what is owed, by when, and how to pay it.

It carries the Pay-easy numbers (収納機関番号, 納付番号, 確認番号) for ATMs and
internet banking, and the convenience-store barcode: the 44 digits of
:mod:`cityhall.payments.cvs` as a GS1-128 symbol (Code 128, start code C and
FNC1, then the digits in pairs), with the digits printed beneath as the
collection guideline asks. It is printed in Japanese, the language of the
counters, stores and banks that read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cityhall.payments.cvs import cvs_barcode_data
from cityhall.payments.documents.common import (
    MARGIN,
    PAGE_HEIGHT,
    date_printed,
    installment_text,
    pdf_render,
    rows_draw,
    yen_text,
)
from cityhall.payments.models import Invoice, PaymentSettings

#: GS1-128 starts with the function character FNC1 (reportlab writes it \xf1).
FNC1 = "\xf1"
#: Narrowest bar: 0.33 mm is within what store scanners read (0.25–0.5 mm).
BAR_WIDTH = 0.33 * mm
BAR_HEIGHT = 14 * mm


@dataclass(frozen=True)
class PayeasyNumbers:
    """What a payer types at an ATM or in internet banking."""

    biller_number: str
    payment_number: str
    confirmation_number: str


def payeasy_numbers(
    *, invoice: Invoice, settings: PaymentSettings | None
) -> PayeasyNumbers | None:
    """The invoice's Pay-easy numbers, or None when the municipality has no
    biller number (it does not take Pay-easy)."""
    if settings is None or not settings.payeasy_biller_number:
        return None
    return PayeasyNumbers(
        biller_number=settings.payeasy_biller_number,
        payment_number=invoice.reference_number,
        confirmation_number=invoice.confirmation_number,
    )


def cvs_data_for(*, invoice: Invoice, settings: PaymentSettings | None) -> str:
    """The 44 digits for convenience stores, or "" when the invoice cannot be
    paid there (no company code set up, or over 999,999 yen)."""
    if settings is None or not settings.cvs_company_code:
        return ""
    try:
        return cvs_barcode_data(
            company_code=settings.cvs_company_code,
            reference_number=invoice.reference_number,
            due_date=invoice.due_date,
            amount=invoice.amount,
        )
    except ValueError:
        return ""


def gs1_128_barcode(data: str) -> Code128:
    """The GS1-128 symbol of ``data`` (digits): Code 128 with FNC1 first."""
    return Code128(
        FNC1 + data,
        barWidth=BAR_WIDTH,
        barHeight=BAR_HEIGHT,
        humanReadable=False,
        quiet=True,
    )


def cvs_digits_grouped(data: str) -> str:
    """The 44 digits as printed under the bars: the AI in brackets, then
    groups that are easy to read out."""
    return f"({data[:2]}) {data[2:8]} {data[8:29]} {data[29:36]} {data[36:]}"


def payment_slip_pdf(*, invoice: Invoice, settings: PaymentSettings | None) -> bytes:
    """The 納付書 of ``invoice`` as PDF bytes (A4, one page)."""
    payeasy = payeasy_numbers(invoice=invoice, settings=settings)
    cvs_data = cvs_data_for(invoice=invoice, settings=settings)
    municipality = invoice.municipality

    def draw(canvas: Canvas, font: str) -> None:
        y = PAGE_HEIGHT - MARGIN - 10 * mm
        canvas.setFont(font, 20)
        canvas.drawString(MARGIN, y, _("Payment slip"))
        canvas.setFont(font, 11)
        canvas.drawRightString(canvas._pagesize[0] - MARGIN, y, municipality.name)
        y -= 14 * mm
        canvas.setFont(font, 14)
        canvas.drawString(
            MARGIN, y, _("%(name)s (payer)") % {"name": invoice.payer_name}
        )
        y -= 12 * mm
        description = invoice.get_subject_display()
        if invoice.description:
            description = f"{description} ({invoice.description})"
        y = rows_draw(
            canvas,
            font,
            top=y,
            rows=[
                (_("Subject"), description),
                (_("Fiscal year"), str(invoice.fiscal_year)),
                (_("Instalment"), installment_text(invoice)),
                (_("Amount"), yen_text(invoice.amount)),
                (_("Due date"), date_printed(invoice.due_date)),
                (_("Payment number"), invoice.reference_number),
            ],
            size=12,
        )
        y -= 6 * mm
        canvas.setFont(font, 13)
        canvas.drawString(MARGIN, y, _("Pay-easy (ATM and internet banking)"))
        y -= 9 * mm
        if payeasy is not None:
            y = rows_draw(
                canvas,
                font,
                top=y,
                rows=[
                    (_("Biller number"), payeasy.biller_number),
                    (_("Payment number"), payeasy.payment_number),
                    (_("Confirmation number"), payeasy.confirmation_number),
                ],
            )
        else:
            canvas.setFont(font, 10)
            canvas.drawString(MARGIN, y, _("This invoice cannot be paid by Pay-easy."))
            y -= 8 * mm
        y -= 6 * mm
        canvas.setFont(font, 13)
        canvas.drawString(MARGIN, y, _("Convenience stores"))
        y -= 6 * mm
        if cvs_data:
            barcode = gs1_128_barcode(cvs_data)
            y -= BAR_HEIGHT
            barcode.drawOn(canvas, MARGIN - barcode.lquiet, y)
            y -= 5 * mm
            canvas.setFont(font, 9)
            canvas.drawString(MARGIN, y, cvs_digits_grouped(cvs_data))
            y -= 6 * mm
            canvas.drawString(
                MARGIN,
                y,
                _("Show this slip at the till before the due date."),
            )
        else:
            canvas.setFont(font, 10)
            canvas.drawString(
                MARGIN, y, _("This invoice cannot be paid at convenience stores.")
            )
        y -= 14 * mm
        canvas.setFont(font, 9)
        canvas.drawString(
            MARGIN,
            y,
            _("Enquiries: %(name)s, %(phone)s")
            % {"name": municipality.name, "phone": municipality.phone},
        )

    with translation.override("ja"):
        return pdf_render(title=_("Payment slip"), author=municipality.name, draw=draw)
