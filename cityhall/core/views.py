"""Operational endpoints of the core app."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cityhall.core.selectors import health_report


@never_cache
@require_GET
def healthz(request):
    """200 when the application and its database answer; reports the worker."""
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


@never_cache
@require_GET
def ping(request):
    """Process liveness without touching the database (and the benchmark baseline:
    the cheapest response Django can give through the full middleware stack)."""
    return HttpResponse("ok", content_type="text/plain")
