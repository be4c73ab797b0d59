"""Content-Security-Policy for the public site.

The public pages use no inline script and load everything from our own origin,
so a strict policy costs nothing and turns an injected ``<script>`` into a no-op.
The Wagtail admin brings its own inline code and is left out
(``CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES``); the API docs page runs under the
policy (vendored Swagger UI started by our own script).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    """Add ``settings.CONTENT_SECURITY_POLICY`` to every non-exempt response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.exempt = tuple(settings.CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and not request.path_info.startswith(self.exempt):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
