"""Demo data of the payments app: the demo resident's invoices, other payers'
invoices that the sample bank files in ``demo_files/`` pay, receiving accounts
and payment settings.

After ``demo_seed`` a newcomer can run, for example::

    manage.py import_bank_file cityhall/payments/demo_files/furikomi_nyukin_tsuchi.txt

and see two transfers applied and one left for staff. The sample files are
written by :func:`demo_files_write` (a test checks the committed files are its
output), with fixed payment numbers that ``demo_seed`` gives the invoices.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cityhall.core.models import Department, Municipality
from cityhall.payments.models import Channel, Invoice, ReceivingAccount, Subject
from cityhall.payments.services.invoices import invoice_create, payment_settings_for
from cityhall.payments.services.payments import payment_record_received
from cityhall.payments.zengin.writer import end_record, file_encode, record_encode

DEMO_FILES = Path(__file__).parent / "demo_files"
DEMO_RESIDENT_EMAIL = "resident@demo.cityhall.jp"
BANK = {"bank_code": "0129", "bank_name": "ｱｼｶｶﾞｷﾞﾝｺｳ"}
BRANCH = {"branch_code": "101", "branch_name": "ｵｵﾀﾜﾗｼﾃﾝ"}
TRANSFER_ACCOUNT = "1234567"
STATEMENT_ACCOUNT = "7654321"
DEBIT_ACCOUNT = "1112223"
FILE_DATE = "081120"  # 令和8年11月20日


@dataclass(frozen=True)
class DemoInvoice:
    reference_number: str
    subject: str
    installment: int
    amount: int
    due_in_days: int
    payer_name: str
    payer_name_kana: str
    for_resident: bool = False
    paid: bool = False


DEMO_INVOICES: tuple[DemoInvoice, ...] = (
    # The demo resident's: two open, one overdue 期別, one paid.
    DemoInvoice(
        "1000000014",
        Subject.LIGHT_VEHICLE_TAX,
        0,
        10_800,
        30,
        "大田原 さくら",
        "おおたわら さくら",
        True,
    ),
    DemoInvoice(
        "1000000021",
        Subject.FACILITY_FEE,
        0,
        2_400,
        14,
        "大田原 さくら",
        "おおたわら さくら",
        True,
    ),
    DemoInvoice(
        "1000000090",
        Subject.RESIDENT_TAX,
        2,
        15_600,
        -60,
        "大田原 さくら",
        "おおたわら さくら",
        True,
    ),
    DemoInvoice(
        "1000000106",
        Subject.FIXED_ASSET_TAX,
        1,
        21_300,
        -150,
        "大田原 さくら",
        "おおたわら さくら",
        True,
        True,
    ),
    # Other payers, paid (or not) by the sample bank files.
    DemoInvoice(
        "1000000038",
        Subject.FIXED_ASSET_TAX,
        2,
        23_400,
        20,
        "佐藤 次郎",
        "さとう じろう",
    ),
    DemoInvoice(
        "1000000045", Subject.WATER, 0, 4_620, 10, "鈴木 一郎", "すずき いちろう"
    ),
    DemoInvoice(
        "1000000052", Subject.WATER, 0, 3_300, 10, "高橋 美智子", "たかはし みちこ"
    ),
    DemoInvoice(
        "1000000069", Subject.ADMINISTRATIVE_FEE, 0, 1_500, 20, "伊藤 健", "いとう けん"
    ),
    DemoInvoice(
        "1000000076", Subject.RESIDENT_TAX, 3, 18_000, 20, "山田 太郎", "やまだ たろう"
    ),
)


def _fiscal_year(today: dt.date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def demo_seed(*, municipality: Municipality) -> list[Invoice]:
    """Create the payments demo data once (a second call changes nothing).

    Accounting is set to the division coded ``kaikei`` when the organisation
    has one. The demo resident's invoices are created only when the resident
    account exists.
    """
    if Invoice.objects.filter(
        municipality=municipality, reference_number=DEMO_INVOICES[0].reference_number
    ).exists():
        return []
    today = timezone.localdate()
    resident = get_user_model().objects.filter(email=DEMO_RESIDENT_EMAIL).first()
    created: list[Invoice] = []
    with transaction.atomic():
        settings = payment_settings_for(municipality)
        settings.payeasy_biller_number = "58021"
        settings.cvs_company_code = "912345"
        settings.accounting_department = Department.objects.filter(
            municipality=municipality, code="kaikei"
        ).first()
        settings.save()
        for label, number in (
            ("振込入金口座", TRANSFER_ACCOUNT),
            ("歳入歳出外現金口座", STATEMENT_ACCOUNT),
            ("口座振替収納口座", DEBIT_ACCOUNT),
        ):
            ReceivingAccount.objects.get_or_create(
                bank_code=BANK["bank_code"],
                branch_code=BRANCH["branch_code"],
                account_type="1",
                account_number=number,
                defaults={
                    "municipality": municipality,
                    "label": label,
                    "consignor_code": "0000092100" if number == DEBIT_ACCOUNT else "",
                },
            )
        for demo in DEMO_INVOICES:
            if demo.for_resident and resident is None:
                continue
            invoice = invoice_create(
                municipality=municipality,
                subject=demo.subject,
                fiscal_year=_fiscal_year(today),
                installment=demo.installment,
                amount=demo.amount,
                due_date=today + dt.timedelta(days=demo.due_in_days),
                payer_name=demo.payer_name,
                payer_name_kana=demo.payer_name_kana,
                resident=resident if demo.for_resident else None,
                source=Invoice.Source.STAFF,
                reference_number=demo.reference_number,
            )
            if demo.paid:
                payment_record_received(
                    invoice=invoice,
                    channel=Channel.COUNTER,
                    amount=invoice.amount,
                    provider_reference="receipt:DEMO-0001",
                    receipt_number="DEMO-0001",
                )
                invoice.refresh_from_db()
            created.append(invoice)
    return created


def _header(kind: str, account_number: str, **extra: object) -> bytes:
    common = {"code_type": "0", **BANK, **BRANCH, "account_type": "1"}
    if kind == "91":
        return record_encode(
            kind,
            "1",
            {
                **common,
                "consignor_code": "0000092100",
                "consignor_name": "ｵｵﾀﾜﾗｼ",
                "debit_date": FILE_DATE[2:],
                "account_number": account_number,
            },
        )
    return record_encode(
        kind,
        "1",
        {
            **common,
            "created_on": FILE_DATE,
            "period_from": FILE_DATE,
            "period_to": FILE_DATE,
            "account_number": account_number,
            "account_name": "ｵｵﾀﾜﾗｼｶｲｹｲｶﾝﾘｼﾔ",
            **extra,
        },
    )


def demo_file_contents() -> dict[str, bytes]:
    """The sample bank files by name: a transfer notification (CRLF), a
    statement (no line breaks) and direct debit results (CRLF)."""
    dated = {"value_date": FILE_DATE, "start_date": FILE_DATE}
    transfers = [
        {
            "inquiry_number": "000101",
            "amount": 23_400,
            "requester_code": "1000000038",
            "requester_name": "ｻﾄｳ ｼﾞﾛｳ",
        },
        {"inquiry_number": "000102", "amount": 1_500, "requester_name": "ｲﾄｳ ｹﾝ"},
        {"inquiry_number": "000103", "amount": 7_777, "requester_name": "ﾌﾒｲ ﾆﾕｳｷﾝ"},
    ]
    transfer_notice = file_encode(
        [
            _header("01", TRANSFER_ACCOUNT),
            *(record_encode("01", "2", {**dated, **t}) for t in transfers),
            record_encode(
                "01",
                "8",
                {"count": 3, "total": sum(t["amount"] for t in transfers)},
            ),
            end_record("01"),
        ]
    )
    moves = {"value_date": FILE_DATE, "deposit_date": FILE_DATE}
    statement = file_encode(
        [
            _header(
                "03",
                STATEMENT_ACCOUNT,
                overdraft_flag="1",
                passbook_flag="1",
                opening_balance=500_000,
            ),
            record_encode(
                "03",
                "2",
                {
                    **moves,
                    "inquiry_number": "00000201",
                    "direction": "1",
                    "transaction_type": "11",
                    "amount": 18_000,
                    "requester_name": "1000000076 ﾔﾏﾀﾞ ﾀﾛｳ",
                    "description": "ﾌﾘｺﾐ",
                },
            ),
            record_encode(
                "03",
                "2",
                {
                    **moves,
                    "inquiry_number": "00000202",
                    "direction": "2",
                    "transaction_type": "19",
                    "amount": 220,
                    "description": "ﾃｽｳﾘﾖｳ",
                },
            ),
            record_encode(
                "03",
                "8",
                {
                    "deposit_count": 1,
                    "deposit_total": 18_000,
                    "withdrawal_count": 1,
                    "withdrawal_total": 220,
                    "overdraft_flag": "1",
                    "closing_balance": 517_780,
                },
            ),
            end_record("03"),
        ],
        newline=b"",
    )
    debits = [
        ("2223334", "ｽｽﾞｷ ｲﾁﾛｳ", 4_620, "1000000045", "0"),
        ("3334445", "ﾀｶﾊｼ ﾐﾁｺ", 3_300, "1000000052", "1"),
    ]
    direct_debit = file_encode(
        [
            _header("91", DEBIT_ACCOUNT),
            *(
                record_encode(
                    "91",
                    "2",
                    {
                        **BANK,
                        "branch_code": "105",
                        "account_type": "1",
                        "account_number": account,
                        "account_holder": holder,
                        "amount": amount,
                        "new_code": "0",
                        "customer_number": customer.zfill(20),
                        "result_code": result,
                    },
                )
                for account, holder, amount, customer, result in debits
            ),
            record_encode(
                "91",
                "8",
                {
                    "count": 2,
                    "total": 7_920,
                    "succeeded_count": 1,
                    "succeeded_total": 4_620,
                    "failed_count": 1,
                    "failed_total": 3_300,
                },
            ),
            end_record("91"),
        ]
    )
    return {
        "furikomi_nyukin_tsuchi.txt": transfer_notice,
        "nyushukkin_meisai.txt": statement,
        "koza_furikae_kekka.txt": direct_debit,
    }


def demo_files_write(directory: Path = DEMO_FILES) -> list[Path]:
    """Write the sample files (run by hand when their content changes)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in demo_file_contents().items():
        path = directory / name
        path.write_bytes(content)
        paths.append(path)
    return paths
