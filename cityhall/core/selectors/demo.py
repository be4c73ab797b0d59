"""The demo logins that ``make run`` prints, when the demo data is loaded."""

from __future__ import annotations

from cityhall.core.demo import DEMO_PASSWORD, demo_accounts
from cityhall.core.models import User


def demo_logins_for_display() -> list[str]:
    """Lines describing each demo account present in the database."""
    accounts = demo_accounts()
    present = set(
        User.objects.filter(email__in=[a.email for a in accounts]).values_list(
            "email", flat=True
        )
    )
    lines = []
    for account in accounts:
        if account.email in present:
            lines.append(f"{account.label}: {account.email} / {DEMO_PASSWORD}")
    if lines:
        lines.append(
            "Staff second factor: `.venv/bin/python manage.py demo_totp <e-mail>` "
            "prints the current code"
        )
    return lines
