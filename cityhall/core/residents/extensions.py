"""Extension points through which apps above core take part in resident accounts.

Core does not know the apps built on it, so it cannot import them to erase a
resident's bookings or to list their applications. Instead each app registers
here from its ``AppConfig.ready()`` (as Wagtail's ``hooks.register`` works):

* a **resident-data eraser** ``(user) -> None``, called by
  :func:`cityhall.core.residents.services.resident_account_delete` inside its
  transaction, which deletes or anonymises what the app holds about the
  resident (an exception rolls the whole deletion back);
* an **account-section provider** ``(user, request) -> AccountSection | None``,
  asked once per rendering of the resident's account page. A provider should
  cost at most one or two queries (fetch its rows with ``select_related`` /
  ``prefetch_related``; its template must not query), so that the whole page
  stays within a small fixed number of queries however many apps take part.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from cityhall.core.models import User

ResidentDataEraser = Callable[["User"], None]


@dataclass(frozen=True)
class AccountSection:
    """One section of the resident's account page.

    ``template_name`` is included with ``section`` in its context; it reads its
    data from ``section.context``.
    """

    title: str
    template_name: str
    context: Mapping[str, Any] = field(default_factory=dict)


AccountSectionProvider = Callable[["User", HttpRequest], AccountSection | None]

_erasers: dict[str, ResidentDataEraser] = {}
_section_providers: dict[str, AccountSectionProvider] = {}


def resident_data_eraser_register(name: str, eraser: ResidentDataEraser) -> None:
    """Register ``eraser`` under ``name`` (usually the app label); registering
    the same name again replaces it, so a repeated ``ready()`` is harmless."""
    _erasers[name] = eraser


def resident_data_erasers() -> list[ResidentDataEraser]:
    """The erasers, the last registered first: apps higher in the layers (which
    may refer to data of the apps below) erase before those below them."""
    return list(reversed(_erasers.values()))


def account_section_register(name: str, provider: AccountSectionProvider) -> None:
    """Register an account-page section ``provider`` under ``name``."""
    _section_providers[name] = provider


def account_sections_for_user(
    *, user: User, request: HttpRequest
) -> list[AccountSection]:
    """The sections of ``user``'s account page, in registration (layer) order;
    providers with nothing to show return ``None`` and are left out."""
    sections = []
    for provider in _section_providers.values():
        section = provider(user, request)
        if section is not None:
            sections.append(section)
    return sections
