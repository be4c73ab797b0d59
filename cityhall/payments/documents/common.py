"""What the payment slip and the receipt share: page set-up, dates as printed,
and label/value rows."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cityhall.common.wareki import format_wareki
from cityhall.payments.display import installment_text, yen_text
from cityhall.payments.documents.fonts import japanese_font

__all__ = [
    "MARGIN",
    "PAGE_HEIGHT",
    "date_printed",
    "installment_text",
    "pdf_render",
    "rows_draw",
    "yen_text",
]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm


def date_printed(date: dt.date) -> str:
    """A date as residents in Japan expect it on paper: era and western
    (令和8年5月31日 (2026-05-31))."""
    return f"{format_wareki(date)} ({date.isoformat()})"


def pdf_render(
    *, title: str, author: str, draw: Callable[[Canvas, str], None]
) -> bytes:
    """One A4 page drawn by ``draw(canvas, font_name)``; the PDF's bytes."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("Cityhall")
    draw(canvas, japanese_font())
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def rows_draw(
    canvas: Canvas,
    font: str,
    *,
    top: float,
    rows: list[tuple[str, str]],
    size: float = 11,
    label_width: float = 55 * mm,
) -> float:
    """Label/value rows from ``top`` down; returns the y below the last row."""
    y = top
    for label, value in rows:
        canvas.setFont(font, size - 1)
        canvas.drawString(MARGIN, y, label)
        canvas.setFont(font, size)
        canvas.drawString(MARGIN + label_width, y, value)
        y -= size * 1.9
    return y
