"""The website's demo data (Ohtawara City): pages, articles, news, translations.

Only the ``demo`` app's ``seed_demo`` and tests import this package.
"""

from __future__ import annotations

from django.db import transaction

from cityhall.core.models import Municipality
from cityhall.website.demo.pages import website_create
from cityhall.website.services import website_moderation_ensure

__all__ = ["demo_seed"]


@transaction.atomic
def demo_seed(*, municipality: Municipality) -> None:
    """The demo page tree in every language, then the approval workflow."""
    website_create(municipality=municipality)
    # After the page tree exists: the workflow is attached to each home.
    website_moderation_ensure()
