"""Security headers Django does not set by itself.

* ``Content-Security-Policy`` for the public site. The public pages use no
  inline script and load everything from our own origin, so a strict policy costs
  nothing and turns an injected ``<script>`` into a no-op. The Wagtail admin
  brings its own inline code and is left out
  (``CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES``); the API docs page runs under the
  policy (vendored Swagger UI started by our own script).
* ``Permissions-Policy`` on every response, the console included: no page of
  Cityhall uses the camera, microphone, location, sensors, USB and the like, so
  none of them may be used by our pages or anything embedded in them
  (``PERMISSIONS_POLICY``; the reasons are in ``docs/operations.md``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    """Add ``settings.CONTENT_SECURITY_POLICY`` to every non-exempt response and
    ``settings.PERMISSIONS_POLICY`` to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.exempt = tuple(settings.CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES)
        self.permissions_policy = permissions_policy_header(
            getattr(settings, "PERMISSIONS_POLICY", {})
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and not request.path_info.startswith(self.exempt):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` → ``camera=(), fullscreen=(self)``.

    Allow-list entries are ``self`` or an origin, which is quoted as the header's
    structured-field syntax requires.
    """
    parts = []
    for feature, allowed in policy.items():
        items = [item if item in {"self", "*"} else f'"{item}"' for item in allowed]
        parts.append(f"{feature}=({' '.join(items)})")
    return ", ".join(parts)
