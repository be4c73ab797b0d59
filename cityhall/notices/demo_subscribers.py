"""Demo mail subscribers: a few hundred addresses spread over the demo
municipality's districts, the news categories and the subscriber languages.

Addresses are under ``example.jp`` and the carriers' domains of RFC 2606-like
reserved subdomains (``*.example``), so the demo never mails a real person.
``demo_seed_subscribers(*, municipality)`` is called from the notices demo
(``cityhall/notices/demo.py``); running it twice changes nothing.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from cityhall.core.models import District, Municipality
from cityhall.notices.models import EASY_JAPANESE, Subscriber
from cityhall.website.models import NewsCategory

DEMO_SUBSCRIBERS = 300
#: Receiving domains as the carriers name them, made unroutable.
_DOMAINS = [
    "docomo.example",
    "ezweb.example",
    "softbank.example",
    "gmail.example",
    "example.jp",
]
#: Languages in a plausible mix: mostly Japanese, then the others.
_LANGUAGES = (
    ["ja"] * 14 + [EASY_JAPANESE] * 3 + ["en"] * 3 + ["zh-hans"] * 2 + ["ko"] * 2
)


def demo_seed_subscribers(*, municipality: Municipality) -> int:
    """Create the demo subscribers once; returns how many were created."""
    if Subscriber.objects.filter(email__endswith=".example").exists():
        return 0
    rng = random.Random(92100)  # noqa: S311 - the same demo every time, not secret
    districts = list(District.objects.filter(municipality=municipality))
    categories = list(NewsCategory.objects.filter(locale__language_code="ja"))
    now = timezone.now()
    with transaction.atomic():
        subscribers = Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"demo{i:03d}@{_DOMAINS[i % len(_DOMAINS)]}",
                    domain=_DOMAINS[i % len(_DOMAINS)],
                    language=rng.choice(_LANGUAGES),
                    status=Subscriber.Status.ACTIVE,
                    confirmed_at=now,
                )
                for i in range(DEMO_SUBSCRIBERS)
            ]
        )
        district_links = []
        category_links = []
        for subscriber in subscribers:
            # A third get the whole city, the others one or two districts.
            if districts and rng.random() > 1 / 3:
                for district in rng.sample(
                    districts, k=min(len(districts), rng.randint(1, 2))
                ):
                    district_links.append(
                        Subscriber.districts.through(
                            subscriber_id=subscriber.pk, district_id=district.pk
                        )
                    )
            if categories and rng.random() > 1 / 2:
                for category in rng.sample(
                    categories, k=min(len(categories), rng.randint(1, 3))
                ):
                    category_links.append(
                        Subscriber.categories.through(
                            subscriber_id=subscriber.pk, newscategory_id=category.pk
                        )
                    )
        Subscriber.districts.through.objects.bulk_create(district_links)
        Subscriber.categories.through.objects.bulk_create(category_links)
    return len(subscribers)
