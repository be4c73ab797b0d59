"""The NinjaAPI class the API is built with: our error shape everywhere, and
the interactive docs served from our own static files."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger, _csrf_needed

from cityhall.common.api.errors import install_error_handlers, method_not_allowed


class VendoredSwagger(Swagger):
    """Swagger UI from ``static/vendor/swagger-ui`` (``make assets``) with our
    own start-up script, so the page needs nothing from a CDN and runs under the
    site's Content-Security-Policy (no inline script)."""

    template = "common/api/swagger.html"

    def render_page(
        self, request: HttpRequest, api: NinjaAPI, **kwargs: Any
    ) -> HttpResponse:
        # django-ninja falls back to its CDN page unless "ninja" is an installed
        # app; ours is always rendered from our own template.
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            # Escaped for a <script> data block: "</" cannot end it early.
            "swagger_settings": json.dumps(settings).replace("</", "<\\/"),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


def _json_method_not_allowed(view: Callable[..., HttpResponse]) -> Any:
    # django-ninja answers a wrong method with a plain-text 405; clients get the
    # API's error shape instead. functools.wraps keeps csrf_exempt and friends.
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get(
            "Content-Type", ""
        ).startswith("application/json"):
            return method_not_allowed(request, allowed=response.get("Allow", ""))
        return response

    return wrapped


class CityhallAPI(NinjaAPI):
    """A NinjaAPI whose every error (405 included) has our JSON error shape."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("docs", VendoredSwagger())
        super().__init__(**kwargs)
        install_error_handlers(self)

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_method_not_allowed(pattern.callback)
        return patterns, app_name, namespace
