"""Utilisation (稼働率) of one facility per month and room: a bar chart (inline
SVG with a text alternative; every bar carries its figure), the same figures
in a table, and a CSV download (UTF-8 with BOM, see
:func:`cityhall.reservations.reports.utilisation_csv`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cityhall.reservations.console.access import bookings_staff_required
from cityhall.reservations.console.forms import UtilisationForm, fiscal_year_start
from cityhall.reservations.models import Facility
from cityhall.reservations.reports import (
    UtilisationRow,
    facility_for_utilisation,
    facility_utilisation,
    utilisation_csv,
)

#: Chart geometry (SVG user units).
BAR_WIDTH = 36
BAR_GAP = 16
CHART_HEIGHT = 200
CHART_TOP = 20
AXIS_LEFT = 40


@dataclass(frozen=True)
class Bar:
    row: UtilisationRow
    x: int
    y: int
    height: int
    label_x: int


def _form(request: HttpRequest) -> UtilisationForm:
    data = request.GET.copy()
    if "facility" not in data:
        first = Facility.objects.order_by("sort_order", "name").first()
        if first is not None:
            data["facility"] = str(first.public_id)
    start = fiscal_year_start()
    data.setdefault("month_from", f"{start:%Y-%m}")
    data.setdefault("month_to", f"{start.year + 1}-03")
    return UtilisationForm(data)


def _rows(form: UtilisationForm) -> tuple[Facility | None, list[UtilisationRow]]:
    facility = facility_for_utilisation(
        public_id=form.cleaned_data["facility"].public_id
    )
    if facility is None:
        return None, []
    return facility, facility_utilisation(
        facility=facility,
        month_from=form.cleaned_data["month_from"],
        month_to=form.cleaned_data["month_to"],
    )


def chart_bars(totals: list[UtilisationRow]) -> list[Bar]:
    """One bar per month of the facility's total, 100 % = CHART_HEIGHT."""
    bars = []
    for index, row in enumerate(totals):
        percent = row.percent or Decimal(0)
        height = int(percent * CHART_HEIGHT / 100)
        x = AXIS_LEFT + BAR_GAP + index * (BAR_WIDTH + BAR_GAP)
        bars.append(
            Bar(
                row=row,
                x=x,
                y=CHART_TOP + CHART_HEIGHT - height,
                height=height,
                label_x=x + BAR_WIDTH // 2,
            )
        )
    return bars


@require_http_methods(["GET"])
@bookings_staff_required
def utilisation_index(request: HttpRequest) -> HttpResponse:
    """The facility's utilisation per month: chart, table and CSV link."""
    form = _form(request)
    facility, rows = _rows(form) if form.is_valid() else (None, [])
    totals = [row for row in rows if row.room is None]
    bars = chart_bars(totals)
    return TemplateResponse(
        request,
        "reservations/console/utilisation.html",
        {
            "form": form,
            "facility": facility,
            "rows": rows,
            "totals": totals,
            "bars": bars,
            "chart": {
                "width": AXIS_LEFT + BAR_GAP + len(bars) * (BAR_WIDTH + BAR_GAP),
                "height": CHART_TOP + CHART_HEIGHT + 40,
                "bar_width": BAR_WIDTH,
                "top": CHART_TOP,
                "base": CHART_TOP + CHART_HEIGHT,
                "middle": CHART_TOP + CHART_HEIGHT // 2,
                "axis": AXIS_LEFT,
            },
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
@bookings_staff_required
def utilisation_csv_view(request: HttpRequest) -> HttpResponse:
    """The same figures as CSV (UTF-8 with BOM, CRLF)."""
    form = _form(request)
    if not form.is_valid():
        return redirect(
            reverse("reservations_console:utilisation") + "?" + request.GET.urlencode()
        )
    facility, rows = _rows(form)
    assert facility is not None
    start = form.cleaned_data["month_from"]
    end = form.cleaned_data["month_to"]
    response = HttpResponse(
        utilisation_csv(facility=facility, rows=rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="utilisation-{facility.public_id}-'
        f'{start:%Y%m}-{end:%Y%m}.csv"'
    )
    return response
