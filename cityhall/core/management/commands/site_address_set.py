"""Write CITYHALL_BASE_URL into the default Wagtail site (host name and port).

``manage.py serve`` and the demo seed do this themselves; a production
deployment that starts gunicorn directly runs it once per release, after
``migrate`` (Wagtail's page links in mails come from the site, not a setting).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from cityhall.core.services.site_address import default_site_address_set


class Command(BaseCommand):
    help = "Point the default Wagtail site at CITYHALL_BASE_URL."

    def handle(self, *args, **options):
        site = default_site_address_set(base_url=settings.CITYHALL_BASE_URL)
        if site is None:
            self.stdout.write("no default site yet: nothing to do")
        else:
            self.stdout.write(f"default site: {site.root_url}")
