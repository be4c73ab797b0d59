"""One JSON error shape for every API error.

``{"error": {"code": "not_found", "message": "...", "details": {...}}}`` for
validation errors (422), missing objects (404), ApplicationError subclasses
(their own status and code) and unexpected failures (500). Messages are
translated into the request's language.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from cityhall.api.language import request_language_active
from cityhall.common.errors import ApplicationError

logger = logging.getLogger(__name__)


def error_response(
    *, status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> JsonResponse:
    """The API's error response."""
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _validation_details(errors: list[dict[str, Any]]) -> dict[str, Any]:
    # Only the parts that are JSON and useful to a client: pydantic's context can
    # hold exception objects.
    return {
        "fields": [
            {
                "location": [str(part) for part in error.get("loc", ())],
                "type": str(error.get("type", "")),
                "message": str(error.get("msg", "")),
            }
            for error in errors
        ]
    }


def _on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    # exc.message may be lazy: render it in the request's language.
    with request_language_active(request):
        message = str(exc.message)
    return error_response(
        status=exc.status, code=exc.code, message=message, details=exc.extra
    )


def _on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    with request_language_active(request):
        message = _("Some of the request's parameters are not valid.")
    return error_response(
        status=422,
        code="validation_error",
        message=message,
        details=_validation_details(exc.errors),
    )


def _on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    with request_language_active(request):
        message = _("Nothing was found at this address.")
    return error_response(status=404, code="not_found", message=message)


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(
        status=exc.status_code, code="http_error", message=str(exc.message)
    )


def _on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API request failed: %s %s", request.method, request.path)
    with request_language_active(request):
        message = _("Something went wrong on our side. Please try again later.")
    return error_response(status=500, code="server_error", message=message)


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace django-ninja's default handlers with ones using our error shape."""
    # django-ninja's stubs type handlers as taking the exception or its class.
    handlers: list[tuple[type[Exception], Any]] = [
        (Exception, _on_unexpected),
        (ApplicationError, _on_application_error),
        (ValidationError, _on_validation_error),
        (Http404, _on_not_found),
        (HttpError, _on_http_error),
    ]
    for exception_class, handler in handlers:
        api.add_exception_handler(exception_class, handler)


def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other address under /api/v1/: a 404 in the API's shape, not HTML."""
    return _on_not_found(request, Http404())
