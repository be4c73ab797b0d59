"""One JSON error shape for every API error.

``{"error": {"code": "not_found", "message": "...", "details": {...}}}`` for
validation errors (422), missing sign-in (401), refusals (403), missing objects
(404), methods an address does not take (405), throttling (429),
ApplicationError subclasses (their own status and code) and unexpected failures
(500). Messages are translated into the request's language.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import (
    AuthenticationError,
    AuthorizationError,
    HttpError,
    Throttled,
    ValidationError,
)

from cityhall.common.api.language import request_language_active
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


def _on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    with request_language_active(request):
        message = _("Please sign in to use this address.")
    return error_response(status=401, code="not_authenticated", message=message)


def _on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    with request_language_active(request):
        message = _("You are not allowed to do this.")
    return error_response(status=403, code="permission_denied", message=message)


def _on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    with request_language_active(request):
        message = _("Too many requests. Please wait a moment and try again.")
    response = error_response(status=429, code="throttled", message=message)
    if exc.wait:
        response["Retry-After"] = str(exc.wait)
    return response


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(
        status=exc.status_code, code="http_error", message=str(exc.message)
    )


def method_not_allowed(request: HttpRequest, *, allowed: str) -> HttpResponse:
    """405 in the error shape, keeping the ``Allow`` header of Django's answer."""
    with request_language_active(request):
        message = _("This address does not accept the %(method)s method.") % {
            "method": request.method
        }
    response = error_response(
        status=405,
        code="method_not_allowed",
        message=message,
        details={"allowed": [m.strip() for m in allowed.split(",") if m.strip()]},
    )
    response["Allow"] = allowed
    return response


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
        (AuthenticationError, _on_unauthenticated),
        (AuthorizationError, _on_forbidden),
        (PermissionDenied, _on_forbidden),
        (Throttled, _on_throttled),
    ]
    for exception_class, handler in handlers:
        api.add_exception_handler(exception_class, handler)


def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other address under /api/v1/: a 404 in the API's shape, not HTML."""
    return _on_not_found(request, Http404())
