"""Core's demo data (Ohtawara City): organisation and accounts.

Only the ``demo`` app's ``seed_demo`` and tests call the seeding functions;
Ohtawara is demo data and nothing outside the demo packages may assume it.
"""

from __future__ import annotations

from django.db import transaction

from cityhall.core.demo.accounts import (
    DEMO_PASSWORD,
    DemoAccount,
    demo_accounts,
    demo_accounts_create,
    demo_residents_ensure,
)
from cityhall.core.demo.organisation import municipality_create, organisation_create
from cityhall.core.models import Municipality

__all__ = [
    "DEMO_PASSWORD",
    "DemoAccount",
    "demo_accounts",
    "demo_municipality_create",
    "demo_residents_ensure",
    "demo_seed",
]


def demo_municipality_create() -> Municipality:
    """The demo municipality's profile, which every app's ``demo_seed`` receives."""
    return municipality_create()


@transaction.atomic
def demo_seed(*, municipality: Municipality) -> None:
    """Districts, departments (部・課) and one account per role plus a resident."""
    organisation_create(municipality=municipality)
    demo_accounts_create()
