"""``/robots.txt``: crawl everything public, point to the sitemap."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

#: Paths crawlers have no business in: the staff console, accounts and the API.
DISALLOWED_PATHS = ("/admin/", "/accounts/", "/staff/", "/api/")


@require_GET
def robots_txt(request):
    """Allow all crawlers except on private areas; the sitemap URL is absolute,
    built from the request so each host names its own."""
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in DISALLOWED_PATHS]
    # Accounts pages also live under each language prefix (/en/accounts/).
    lines += [
        f"Disallow: /{code}/accounts/"
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
