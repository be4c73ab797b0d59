"""Factories and builders of the notices tests."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from cityhall.notices.models import Subscriber

_n = itertools.count(1)


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"resident{n}@example.jp")
    domain = factory.LazyAttribute(lambda o: o.email.rpartition("@")[2])
    language = "ja"
    status = Subscriber.Status.ACTIVE
    confirmed_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))


def subscribers_bulk(count: int, *, domains: list[str], language: str = "ja") -> None:
    """``count`` active subscribers spread over ``domains`` (one INSERT batch)."""
    now = dt.datetime.now(dt.UTC)
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"user{i}@{domains[i % len(domains)]}",
                domain=domains[i % len(domains)],
                language=language,
                status=Subscriber.Status.ACTIVE,
                confirmed_at=now,
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
