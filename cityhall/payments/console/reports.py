"""Collections per 税目 and day, on screen and as the financial system's CSV
(Shift_JIS, CRLF: ``cityhall.payments.reports.collections_csv``)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cityhall.core.models import Municipality
from cityhall.payments.console.access import accounting_required
from cityhall.payments.console.forms import ReportForm
from cityhall.payments.models import Channel, Subject
from cityhall.payments.reports import collections_csv
from cityhall.payments.selectors import collections_by_subject_and_day


def _form(request: HttpRequest) -> ReportForm:
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("date_from", today.replace(day=1).isoformat())
    data.setdefault("date_to", today.isoformat())
    return ReportForm(data)


@require_http_methods(["GET"])
@accounting_required
def report_index(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Per day, 税目 and channel: payments, yen paid, refunded and net."""
    form = _form(request)
    rows = []
    totals = {"count": 0, "paid": 0, "refunded": 0, "net": 0}
    if form.is_valid():
        subjects = dict(Subject.choices)
        channels = dict(Channel.choices)
        for row in collections_by_subject_and_day(
            municipality=municipality,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        ):
            net = row["paid"] - row["refunded"]
            rows.append(
                {
                    **row,
                    "net": net,
                    "subject_label": subjects.get(row["subject"], row["subject"]),
                    "channel_label": channels.get(row["channel"], row["channel"]),
                }
            )
            totals["count"] += row["count"]
            totals["paid"] += row["paid"]
            totals["refunded"] += row["refunded"]
            totals["net"] += net
    return TemplateResponse(
        request,
        "payments/console/report_index.html",
        {
            "form": form,
            "rows": rows,
            "object_list": rows,
            "totals": totals,
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
@accounting_required
def report_csv(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The same rows as the CSV the financial system imports."""
    form = _form(request)
    if not form.is_valid():
        # The page shows the form's errors; there is nothing to export.
        return redirect(
            reverse("payments_console:reports") + "?" + request.GET.urlencode()
        )
    start: dt.date = form.cleaned_data["date_from"]
    end: dt.date = form.cleaned_data["date_to"]
    body = collections_csv(
        collections_by_subject_and_day(
            municipality=municipality, date_from=start, date_to=end
        )
    )
    response = HttpResponse(body, content_type="text/csv; charset=Shift_JIS")
    response["Content-Disposition"] = (
        f'attachment; filename="collections-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
    )
    return response
