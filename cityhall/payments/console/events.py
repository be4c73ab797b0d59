"""Provider notifications to investigate: events that contradict a payment's
final state, arrived for an invoice paid another way (a refund at the provider
may be needed), came out of order, or name no payment we know."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from cityhall.core.models import Municipality
from cityhall.payments.console import selectors
from cityhall.payments.console.access import accounting_required
from cityhall.payments.models import ProviderEvent

PAGE_SIZE = 50


@require_http_methods(["GET"])
@accounting_required
def event_index(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Events that did not simply apply, newest first; ``outcome`` narrows."""
    events = selectors.provider_events_to_investigate(municipality=municipality)
    outcome = request.GET.get("outcome", "")
    if outcome in selectors.EVENTS_TO_INVESTIGATE:
        events = events.filter(outcome=outcome)
    else:
        outcome = ""
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "payments/console/event_index.html",
        {
            "page": page,
            "object_list": page.object_list,
            "outcome": outcome,
            "filter_query": urlencode({"outcome": outcome}) if outcome else "",
            "outcomes": [
                (value, ProviderEvent.Outcome(value).label)
                for value in selectors.EVENTS_TO_INVESTIGATE
            ],
        },
    )
