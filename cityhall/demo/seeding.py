"""The order in which apps seed their demo data.

Each module in :data:`DEMO_MODULES` has ``demo_seed(*, municipality)``; an app
that adds demo data adds one line here, after the apps it builds on.
"""

from __future__ import annotations

import importlib

from django.db import transaction

from cityhall.core.demo import demo_municipality_create
from cityhall.core.models import Municipality

DEMO_MODULES = [
    "cityhall.core.demo",
    # The city outline and district points (gis) are municipality data that
    # notices (CAP areas) and open data (registration rules) rely on.
    "cityhall.gis.demo",
    "cityhall.common.furigana.demo",
    "cityhall.website.demo",
    "cityhall.notices.demo",
    "cityhall.payments.demo",
    "cityhall.procedures.demo",
    "cityhall.reservations.demo",
    "cityhall.eforms.demo",
    "cityhall.opendata.demo",
]


def demo_seed_all() -> Municipality:
    """Create the demo municipality and let every app seed its demo data.

    One transaction: an interrupted seed leaves nothing half-made behind, so the
    next ``make run`` simply tries again.
    """
    with transaction.atomic():
        municipality = demo_municipality_create()
        for module_name in DEMO_MODULES:
            importlib.import_module(module_name).demo_seed(municipality=municipality)
    return municipality
