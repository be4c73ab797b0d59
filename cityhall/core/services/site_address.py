"""The address of the Wagtail site, kept equal to ``CITYHALL_BASE_URL``.

Wagtail builds absolute page links (``page.full_url``, used in its moderation
mails) from the default ``Site``'s host name and port, not from a setting. Left
at what the seed or an editor once typed (``localhost``, port 80), those links
point nowhere; this service writes the configured base URL into the site.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.db import transaction
from wagtail.models import Site

logger = logging.getLogger(__name__)

_DEFAULT_PORTS = {"http": 80, "https": 443}


def site_address_from_base_url(base_url: str) -> tuple[str, int]:
    """(host name, port) of ``base_url`` as Wagtail's ``Site`` stores them."""
    parts = urlsplit(base_url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"Not an http(s) base URL: {base_url!r}")
    return parts.hostname, parts.port or _DEFAULT_PORTS[parts.scheme]


def default_site_address_set(*, base_url: str) -> Site | None:
    """Point the default Wagtail site at ``base_url``; returns the site, or None
    when there is no default site yet. Safe to run on every start."""
    hostname, port = site_address_from_base_url(base_url)
    with transaction.atomic():
        site = Site.objects.select_for_update().filter(is_default_site=True).first()
        if site is None:
            return None
        if (site.hostname, site.port) != (hostname, port):
            logger.info(
                "default site address %s:%s -> %s:%s",
                site.hostname,
                site.port,
                hostname,
                port,
            )
            site.hostname = hostname
            site.port = port
            site.save(update_fields=["hostname", "port"])
    return site
