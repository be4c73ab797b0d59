"""Pacing per receiving domain: which group an address belongs to, and how
many SMTP sessions may run against that group at once.

Japanese carriers rate-limit and spam-flag senders that open many parallel
sessions or pass many recipients in one session. Domains of one carrier share a
group (``ezweb.ne.jp+au.com``), configured by
``CITYHALL_NOTICES_DOMAIN_CONCURRENCY``; any other domain is its own group with
``CITYHALL_NOTICES_DEFAULT_DOMAIN_CONCURRENCY`` sessions.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _parse(spec: str) -> tuple[dict[str, str], dict[str, int]]:
    group_of: dict[str, str] = {}
    limits: dict[str, int] = {}
    for item in spec.split(","):
        item = item.strip()
        if not item or "=" not in item:
            continue
        domains, _sep, number = item.partition("=")
        group = domains.strip().lower()
        limits[group] = max(1, int(number))
        for domain in group.split("+"):
            group_of[domain.strip()] = group
    return group_of, limits


def domain_group(domain: str) -> str:
    """The pacing group of a receiving domain (lower case)."""
    domain = domain.lower()
    group_of, _limits = _parse(settings.CITYHALL_NOTICES_DOMAIN_CONCURRENCY)
    return group_of.get(domain, domain)


def domain_concurrency(group: str) -> int:
    """Sessions that may run at once against ``group``."""
    _group_of, limits = _parse(settings.CITYHALL_NOTICES_DOMAIN_CONCURRENCY)
    return limits.get(group, settings.CITYHALL_NOTICES_DEFAULT_DOMAIN_CONCURRENCY)
