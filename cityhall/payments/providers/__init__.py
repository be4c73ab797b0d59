"""Card payment providers (docs/payments.md, "Card payments").

``card_provider()`` is the one chosen by ``CITYHALL_PAYMENT_PROVIDER``:
``sandbox`` (built in, the default) or ``stripe``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cityhall.payments.providers.base import (
    CardProvider,
    ProviderEventData,
    ProviderStart,
)
from cityhall.payments.providers.sandbox import SandboxProvider
from cityhall.payments.providers.stripe_card import StripeProvider

__all__ = [
    "CardProvider",
    "ProviderEventData",
    "ProviderStart",
    "card_provider",
    "provider_get",
]

PROVIDERS: dict[str, type[SandboxProvider] | type[StripeProvider]] = {
    SandboxProvider.name: SandboxProvider,
    StripeProvider.name: StripeProvider,
}


def provider_get(name: str) -> CardProvider:
    """The adapter called ``name``."""
    try:
        return PROVIDERS[name]()
    except KeyError:
        raise ImproperlyConfigured(
            f"Unknown card payment provider {name!r}; use one of {sorted(PROVIDERS)}."
        ) from None


def card_provider() -> CardProvider:
    """The adapter chosen by ``CITYHALL_PAYMENT_PROVIDER``."""
    return provider_get(settings.CITYHALL_PAYMENT_PROVIDER)
