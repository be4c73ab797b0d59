"""Factories for the payments app: invoices through the service, accounting staff
with their role, receiving accounts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityhall.core.models import Municipality, Role
from cityhall.core.tests.factories import (
    DepartmentFactory,
    MunicipalityFactory,
    StaffFactory,
    UserFactory,
)
from cityhall.payments.models import Invoice, PaymentSettings, ReceivingAccount, Subject
from cityhall.payments.services.invoices import invoice_create, payment_settings_for

__all__ = ["UserFactory", "accounting_staff", "invoice_make", "receiving_account_make"]


def municipality() -> Municipality:
    return MunicipalityFactory()


def accounting_staff(*, municipality_obj: Municipality | None = None) -> Any:
    """A staff member holding general staff in the accounting division (会計課),
    which is set as the municipality's accounting division."""
    from cityhall.core.models import RoleAssignment

    municipality_obj = municipality_obj or MunicipalityFactory()
    settings = payment_settings_for(municipality_obj)
    if settings.accounting_department is None:
        settings.accounting_department = DepartmentFactory(
            municipality=municipality_obj, code="kaikei", name="会計課"
        )
        settings.save()
    staff = StaffFactory()
    RoleAssignment.objects.create(
        user=staff,
        role=Role.GENERAL_STAFF,
        department=settings.accounting_department,
        valid_from=dt.date(2020, 4, 1),
    )
    return staff


def invoice_make(
    *,
    amount: int = 10_000,
    resident: Any | None = None,
    payer_name_kana: str = "たなか はなこ",
    subject: str = Subject.LIGHT_VEHICLE_TAX,
    municipality_obj: Municipality | None = None,
    **extra: Any,
) -> Invoice:
    """An open invoice created through ``invoice_create``."""
    return invoice_create(
        municipality=municipality_obj or MunicipalityFactory(),
        subject=subject,
        fiscal_year=extra.pop("fiscal_year", 2026),
        amount=amount,
        due_date=extra.pop("due_date", dt.date(2026, 5, 31)),
        payer_name=extra.pop("payer_name", "田中 花子"),
        payer_name_kana=payer_name_kana,
        resident=resident,
        **extra,
    )


def receiving_account_make(
    *,
    municipality_obj: Municipality | None = None,
    bank_code: str = "0129",
    branch_code: str = "101",
    account_type: str = "1",
    account_number: str = "1234567",
    consignor_code: str = "",
) -> ReceivingAccount:
    municipality_obj = municipality_obj or MunicipalityFactory()
    PaymentSettings.objects.get_or_create(municipality=municipality_obj)
    return ReceivingAccount.objects.create(
        municipality=municipality_obj,
        label="収納口座",
        bank_code=bank_code,
        branch_code=branch_code,
        account_type=account_type,
        account_number=account_number,
        consignor_code=consignor_code,
    )
