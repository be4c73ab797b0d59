"""Reconciliation (消込): apply what banks report to invoices.

``bank_file_import`` reads a Zengin file as a whole (a malformed file raises
before anything is written), then in one transaction records every reported
movement as a :class:`BankRecord` and pays the invoices it matches:

1. by reference: the 納付番号 quoted as the transfer's requester code, in its
   EDI field, at the start of the payer's name, or as the direct-debit customer
   number — applied when the invoice is open and the amount is its amount;
2. otherwise by amount and payer name (kana, folded), when exactly one open
   invoice fits;
3. everything else goes to the staff queue with a reason and ranked
   suggestions.

A file whose bytes were imported before changes nothing. A movement already
recorded from an earlier, overlapping file counts as "already known". Money
reported into an account that is not configured is still recorded, every
record to the queue, with a warning naming the account.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityhall.core.models import Municipality
from cityhall.core.services.audit import audit_log
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import (
    BankRecord,
    Channel,
    ImportedFile,
    Invoice,
    Payment,
    ReceivingAccount,
    account_key,
)
from cityhall.payments.payer_names import payer_name_fold
from cityhall.payments.permissions import can_reconcile
from cityhall.payments.services.cvs_reports import MAGIC as CVS_MAGIC
from cityhall.payments.services.cvs_reports import CvsRow, cvs_report_parse
from cityhall.payments.services.invoices import payment_settings_for
from cityhall.payments.services.payments import payment_record_received
from cityhall.payments.signals import invoice_paid_announce
from cityhall.payments.zengin import ZenginFile, parse_zengin
from cityhall.payments.zengin.layouts import (
    DIRECT_DEBIT_RESULTS,
    STATEMENT,
    TRANSFER_NOTICE,
)

ProgressCallback = Callable[[int, int], None]
_LEADING_DIGITS = re.compile(r"^\s*(\d{4,20})")
_MAX_SUGGESTIONS = 3
_MAX_CANDIDATES = 50
_PROGRESS_EVERY = 1000
# Plain strings: faster to compare in the matching loop than enum members.
_OPEN = str(Invoice.Status.OPEN)
_STATUS_REASON = {
    str(Invoice.Status.SUPERSEDED): "superseded",
    str(Invoice.Status.CANCELLED): "cancelled",
}


@dataclass(slots=True)
class Movement:
    """One reported money movement, as the matcher sees it."""

    line: int
    account: str
    record_key: str
    channel: str
    amount: int
    value_date: dt.date | None
    references: tuple[str, ...]
    payer_name_kana: str
    result_code: str = ""
    cancelled: bool = False
    report: str = ""


@dataclass(slots=True)
class Decision:
    """What to do with one movement: apply to ``invoice_id`` or queue."""

    movement: Movement
    invoice_id: int | None = None
    reason: str = ""
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    known: bool = False


@dataclass
class ImportSummary:
    """What an import did, for the command's output and the console."""

    applied: int = 0
    already_known: int = 0
    left_for_staff: int = 0
    ignored: int = 0
    warnings: list[str] = field(default_factory=list)
    duplicate_file: bool = False
    imported_file: ImportedFile | None = None


@dataclass
class InvoiceIndex:
    """Invoices of one municipality, indexed for matching in memory."""

    by_reference: dict[str, tuple[int, int, str, str]]
    open_by_amount_name: dict[tuple[int, str], list[int]]
    open_by_amount: dict[int, list[int]]
    open_by_name: dict[str, list[int]]
    info: dict[int, tuple[str, int, str, str]]  # id → (ref, amount, kana, status)

    @classmethod
    def load(cls, municipality: Municipality) -> InvoiceIndex:
        by_reference: dict[str, tuple[int, int, str, str]] = {}
        by_amount_name: dict[tuple[int, str], list[int]] = defaultdict(list)
        by_amount: dict[int, list[int]] = defaultdict(list)
        by_name: dict[str, list[int]] = defaultdict(list)
        info: dict[int, tuple[str, int, str, str]] = {}
        rows = Invoice.objects.filter(municipality=municipality).values_list(
            "id", "reference_number", "amount", "payer_name_kana", "status"
        )
        for pk, reference, amount, kana, status in rows.iterator(chunk_size=5000):
            by_reference[reference.lstrip("0")] = (pk, amount, kana, status)
            info[pk] = (reference, amount, kana, status)
            if status == Invoice.Status.OPEN:
                by_amount_name[(amount, kana)].append(pk)
                by_amount[amount].append(pk)
                if kana:
                    by_name[kana].append(pk)
        return cls(by_reference, by_amount_name, by_amount, by_name, info)


def _references(*values: str) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        value = (value or "").strip()
        digits = value.lstrip("0") if value.isdigit() else ""
        if not digits:
            match = _LEADING_DIGITS.match(value)
            digits = match.group(1).lstrip("0") if match else ""
        if digits and digits not in found:
            found.append(digits)
    return tuple(found)


def _name_without_reference(name: str) -> str:
    return payer_name_fold(_LEADING_DIGITS.sub("", name or ""))


def movements_from(parsed: ZenginFile) -> tuple[list[Movement], int]:
    """The incoming movements of a parsed file and how many records were
    skipped (withdrawals in a statement)."""
    movements: list[Movement] = []
    skipped = 0
    for group in parsed.groups:
        header = group.header.fields
        account = account_key(
            header["bank_code"],
            header["branch_code"],
            header["account_type"],
            header["account_number"],
        )
        for record in group.records:
            f = record.fields
            if parsed.kind == TRANSFER_NOTICE:
                movements.append(
                    Movement(
                        line=record.line,
                        account=account,
                        record_key=f"01:{f['inquiry_number']}:{f['value_date']}",
                        channel=Channel.BANK_TRANSFER,
                        amount=f["amount"],
                        value_date=f["value_date"],
                        references=_references(
                            f["requester_code"], f["edi"], f["requester_name"]
                        ),
                        payer_name_kana=_name_without_reference(f["requester_name"]),
                        cancelled=f["cancel_flag"] == "1",
                    )
                )
            elif parsed.kind == STATEMENT:
                if f["direction"] != "1":
                    skipped += 1
                    continue
                movements.append(
                    Movement(
                        line=record.line,
                        account=account,
                        record_key=f"03:{f['inquiry_number']}:{f['value_date']}",
                        channel=Channel.BANK_TRANSFER,
                        amount=f["amount"],
                        value_date=f["value_date"],
                        references=_references(
                            f["requester_code"], f["edi"], f["requester_name"]
                        ),
                        payer_name_kana=_name_without_reference(f["requester_name"]),
                    )
                )
            else:
                movements.append(
                    Movement(
                        line=record.line,
                        account=account,
                        record_key=(
                            f"91:{header['debit_date']}:{f['customer_number'].strip()}"
                            f":{f['bank_code']}-{f['branch_code']}-{f['account_number']}"
                        ),
                        channel=Channel.DIRECT_DEBIT,
                        amount=f["amount"],
                        value_date=header["debit_date"],
                        references=_references(f["customer_number"]),
                        payer_name_kana=payer_name_fold(f["account_holder"]),
                        result_code=f["result_code"],
                    )
                )
    return movements, skipped


def _suggest(
    index: InvoiceIndex, movement: Movement, extra: Iterable[int] = ()
) -> list[dict[str, Any]]:
    """Up to three open invoices the movement may belong to, best first:
    reference, amount and name similarity weigh 0.4, 0.35 and 0.25."""
    candidates: list[int] = list(dict.fromkeys(extra))
    for pool in (
        index.open_by_amount_name.get((movement.amount, movement.payer_name_kana), []),
        index.open_by_name.get(movement.payer_name_kana, []),
        index.open_by_amount.get(movement.amount, []),
    ):
        for pk in pool:
            if len(candidates) >= _MAX_CANDIDATES:
                break
            if pk not in candidates:
                candidates.append(pk)
    scored: list[dict[str, Any]] = []
    for pk in candidates:
        reference, amount, kana, status = index.info[pk]
        name_score = (
            difflib.SequenceMatcher(None, movement.payer_name_kana, kana).ratio()
            if movement.payer_name_kana and kana
            else 0.0
        )
        reference_score = 1.0 if reference.lstrip("0") in movement.references else 0.0
        score = (
            0.4 * reference_score
            + 0.35 * (1.0 if amount == movement.amount else 0.0)
            + 0.25 * name_score
        )
        scored.append(
            {
                "invoice_id": pk,
                "reference_number": reference,
                "amount": amount,
                "status": status,
                "score": round(score, 3),
            }
        )
    scored.sort(key=lambda s: (-s["score"], s["invoice_id"]))
    return scored[:_MAX_SUGGESTIONS]


def movements_match(
    movements: list[Movement],
    *,
    index: InvoiceIndex,
    configured_accounts: set[str],
    known_keys: set[tuple[str, str]],
    progress: ProgressCallback | None = None,
) -> list[Decision]:
    """Decide, in memory, what becomes of each movement (no database access).

    Separate from the writes so that the benchmark can time matching alone and
    so that every rule is testable without a file.
    """
    decisions: list[Decision] = []
    taken: set[int] = set()
    seen_keys = set(known_keys)
    total = len(movements)
    for number, movement in enumerate(movements, start=1):
        if progress and number % _PROGRESS_EVERY == 0:
            progress(number, total)
        key = (movement.account, movement.record_key)
        if key in seen_keys:
            decisions.append(Decision(movement, known=True))
            continue
        seen_keys.add(key)
        decisions.append(_decide(movement, index, configured_accounts, taken))
    if progress:
        progress(total, total)
    return decisions


def _decide(
    movement: Movement,
    index: InvoiceIndex,
    configured_accounts: set[str],
    taken: set[int],
) -> Decision:
    if movement.account not in configured_accounts:
        return Decision(movement, reason="unknown_account")
    if movement.cancelled:
        return Decision(movement, reason="cancellation")
    if movement.result_code and movement.result_code != "0":
        return Decision(
            movement,
            reason=f"debit_failed_{DIRECT_DEBIT_RESULTS[movement.result_code]}",
        )
    for reference in movement.references:
        found = index.by_reference.get(reference)
        if found is None:
            continue
        pk, amount, _kana, status = found
        if status != _OPEN or pk in taken:
            reason = _STATUS_REASON.get(status, "already_paid")
            return Decision(
                movement,
                reason="already_paid" if pk in taken else reason,
                suggestions=_suggest(index, movement),
            )
        if amount != movement.amount:
            return Decision(
                movement,
                reason="amount_mismatch",
                suggestions=_suggest(index, movement, extra=[pk]),
            )
        taken.add(pk)
        return Decision(movement, invoice_id=pk)
    fits = [
        pk
        for pk in index.open_by_amount_name.get(
            (movement.amount, movement.payer_name_kana), []
        )
        if pk not in taken
    ]
    if movement.payer_name_kana and len(fits) == 1:
        taken.add(fits[0])
        return Decision(movement, invoice_id=fits[0])
    return Decision(
        movement,
        reason="ambiguous" if len(fits) > 1 else "no_match",
        suggestions=_suggest(index, movement, extra=fits),
    )


def _configured_accounts(municipality: Municipality) -> set[str]:
    return {
        str(account)
        for account in ReceivingAccount.objects.filter(municipality=municipality)
    }


def _apply(
    decisions: list[Decision],
    *,
    imported_file: ImportedFile,
    summary: ImportSummary,
) -> None:
    now = timezone.now()
    to_apply = {d.invoice_id: d for d in decisions if d.invoice_id is not None}
    if to_apply:
        invoices = {
            inv.pk: inv
            for inv in Invoice.objects.select_for_update().filter(pk__in=list(to_apply))
        }
        blocked = set(
            Payment.objects.filter(invoice_id__in=list(to_apply), finished=False)
            .exclude(state=Payment.State.CREATED)
            .values_list("invoice_id", flat=True)
        )
        for pk, decision in list(to_apply.items()):
            invoice = invoices.get(pk)
            if invoice is None or invoice.status != Invoice.Status.OPEN:
                decision.invoice_id, decision.reason = None, "already_paid"
                del to_apply[pk]
            elif pk in blocked:
                decision.invoice_id, decision.reason = None, "payment_in_progress"
                del to_apply[pk]
        Payment.objects.filter(
            invoice_id__in=list(to_apply), finished=False, state=Payment.State.CREATED
        ).update(state=Payment.State.CANCELLED, finished=True, updated_at=now)
    payments = Payment.objects.bulk_create(
        [
            Payment(
                invoice_id=pk,
                channel=d.movement.channel,
                amount=d.movement.amount,
                state=Payment.State.SUCCESS,
                finished=True,
                provider="zengin",
                provider_reference=f"{d.movement.account}/{d.movement.record_key}",
                paid_at=now,
            )
            for pk, d in to_apply.items()
        ],
        batch_size=2000,
    )
    Invoice.objects.filter(pk__in=list(to_apply)).update(
        status=Invoice.Status.PAID, updated_at=now
    )
    if to_apply:
        invoice_paid_announce(
            invoice for pk, invoice in invoices.items() if pk in to_apply
        )
    payment_for_invoice = {p.invoice_id: p for p in payments}
    records = []
    for decision in decisions:
        if decision.known:
            summary.already_known += 1
            continue
        m = decision.movement
        applied = decision.invoice_id is not None
        if applied:
            summary.applied += 1
        else:
            summary.left_for_staff += 1
        records.append(
            BankRecord(
                imported_file=imported_file,
                line_number=m.line,
                account=m.account,
                record_key=m.record_key,
                channel=m.channel,
                value_date=m.value_date,
                amount=m.amount,
                reference=m.references[0] if m.references else "",
                payer_name_kana=m.payer_name_kana[:100],
                result_code=m.result_code,
                report=m.report,
                status=BankRecord.Status.APPLIED
                if applied
                else BankRecord.Status.UNMATCHED,
                reason=decision.reason,
                suggestions=decision.suggestions,
                payment=payment_for_invoice.get(decision.invoice_id)
                if decision.invoice_id is not None
                else None,
            )
        )
    BankRecord.objects.bulk_create(records, batch_size=2000)


def _cvs_movements(rows: list[CvsRow]) -> list[Movement]:
    return [
        Movement(
            line=row.line,
            account=f"cvs-{row.company_code}",
            record_key=row.record_key,
            channel=Channel.CONVENIENCE_STORE,
            amount=row.amount,
            value_date=row.paid_on,
            references=(row.reference,),
            payer_name_kana="",
            report=row.report,
        )
        for row in rows
    ]


def _supersede(
    pairs: list[tuple[BankRecord, Movement]],
    *,
    imported_file: ImportedFile,
    summary: ImportSummary,
) -> None:
    for earlier, movement in pairs:
        payment = earlier.payment
        BankRecord.objects.filter(pk=earlier.pk).update(
            status=BankRecord.Status.SUPERSEDED, payment=None
        )
        BankRecord.objects.create(
            imported_file=imported_file,
            line_number=movement.line,
            account=movement.account,
            record_key=movement.record_key,
            channel=movement.channel,
            value_date=movement.value_date,
            amount=movement.amount,
            reference=movement.references[0] if movement.references else "",
            report=movement.report,
            status=earlier.status,
            reason=earlier.reason,
            suggestions=earlier.suggestions,
            payment=payment,
        )
        if earlier.status == BankRecord.Status.UNMATCHED:
            summary.left_for_staff += 1
        else:
            summary.already_known += 1


def bank_file_import(
    *,
    data: bytes,
    filename: str,
    municipality: Municipality,
    actor: Any | None = None,
    today: dt.date | None = None,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Import a Zengin file: record every movement, pay what matches, queue
    the rest. Raises :class:`~cityhall.payments.errors.BankFileError` on a
    malformed file, before anything is written. Importing the same bytes again
    returns ``duplicate_file=True`` and changes nothing.
    """
    digest = hashlib.sha256(data).hexdigest()
    previous = ImportedFile.objects.filter(sha256=digest).first()
    if previous is not None:
        return ImportSummary(
            already_known=previous.record_count,
            duplicate_file=True,
            imported_file=previous,
            warnings=[
                _("This file was already imported on %(date)s; nothing was applied.")
                % {
                    "date": timezone.localtime(previous.created_at).strftime(
                        "%Y-%m-%d %H:%M"
                    )
                }
            ],
        )
    supersede: list[tuple[BankRecord, Movement]] = []
    if data.startswith(CVS_MAGIC) or data.startswith(b"\xef\xbb\xbf" + CVS_MAGIC):
        rows = cvs_report_parse(data)
        kind: str = (
            ImportedFile.Kind.CVS_FINAL
            if all(r.report == "final" for r in rows)
            else ImportedFile.Kind.CVS_PRELIMINARY
        )
        movements, skipped = _cvs_movements(rows), 0
        company = payment_settings_for(municipality).cvs_company_code
        configured = {f"cvs-{company}"} if company else set()
    else:
        parsed = parse_zengin(data, today=today)
        kind = parsed.kind
        movements, skipped = movements_from(parsed)
        configured = _configured_accounts(municipality)
    summary = ImportSummary(ignored=skipped)
    for unknown in sorted({m.account for m in movements} - configured):
        summary.warnings.append(
            _(
                "Account %(account)s is not a configured receiving account: "
                "its records were kept for staff to review."
            )
            % {"account": unknown}
        )
    with transaction.atomic():
        index = InvoiceIndex.load(municipality)
        accounts = {m.account for m in movements}
        existing = {
            (r.account, r.record_key): r
            for r in BankRecord.objects.filter(account__in=accounts).exclude(
                status=BankRecord.Status.SUPERSEDED
            )
        }
        known_keys = set(existing)
        remaining = []
        for movement in movements:
            earlier = existing.get((movement.account, movement.record_key))
            if (
                earlier is not None
                and movement.report == "final"
                and earlier.report == "preliminary"
            ):
                # 確報 overrides 速報: the final record replaces the preliminary.
                supersede.append((earlier, movement))
                known_keys.discard((movement.account, movement.record_key))
                continue
            remaining.append(movement)
        movements = remaining
        decisions = movements_match(
            movements,
            index=index,
            configured_accounts=configured,
            known_keys=known_keys,
            progress=progress,
        )
        imported_file = ImportedFile.objects.create(
            municipality=municipality,
            sha256=digest,
            filename=filename[:255],
            kind=kind,
            record_count=len(movements) + len(supersede) + skipped,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _supersede(supersede, imported_file=imported_file, summary=summary)
        _apply(decisions, imported_file=imported_file, summary=summary)
        imported_file.applied_count = summary.applied
        imported_file.known_count = summary.already_known
        imported_file.queued_count = summary.left_for_staff
        imported_file.warnings = summary.warnings
        imported_file.save(
            update_fields=[
                "applied_count",
                "known_count",
                "queued_count",
                "warnings",
                "updated_at",
            ]
        )
        audit_log(
            actor=actor,
            action="payments.bank_file.import",
            target=imported_file,
            data={
                "filename": filename,
                "sha256": digest,
                "applied": summary.applied,
                "already_known": summary.already_known,
                "left_for_staff": summary.left_for_staff,
            },
        )
    summary.imported_file = imported_file
    return summary


def _staff_resolution_check(*, actor: Any, note: str) -> None:
    """Only accounting staff resolve queued records, and always say why."""
    if not can_reconcile(actor):
        raise PaymentError(
            gettext_lazy("You may not reconcile payments."),
            code="permission_denied",
            status=403,
        )
    if not note.strip():
        raise PaymentError(gettext_lazy("A note is required."), code="reason_required")


def _open_record_lock(record: BankRecord) -> BankRecord:
    """``record`` locked for this transaction, refused unless still queued
    (two staff resolving the same record: the second is told it is done)."""
    locked = BankRecord.objects.select_for_update().get(pk=record.pk)
    if locked.status != BankRecord.Status.UNMATCHED:
        raise PaymentError(
            gettext_lazy("This record was already dealt with."),
            code="record_not_open",
            status=409,
        )
    return locked


def bank_record_match(
    *, record: BankRecord, invoice: Invoice, actor: Any, note: str
) -> BankRecord:
    """Staff match a queued record to an invoice by hand (手動消込); the
    invoice is paid and the match audited with who and why."""
    _staff_resolution_check(actor=actor, note=note)
    with transaction.atomic():
        locked = _open_record_lock(record)
        if locked.result_code not in ("", "0"):
            raise PaymentError(
                gettext_lazy("The bank reports this debit as not taken."),
                code="record_not_money",
            )
        payment = payment_record_received(
            invoice=invoice,
            channel=locked.channel,
            amount=locked.amount,
            provider_reference=f"{locked.account}/{locked.record_key}",
            recorded_by=actor,
        )
        locked.status = BankRecord.Status.RESOLVED
        locked.payment = payment
        locked.resolved_by = actor
        locked.resolution_note = note.strip()
        locked.save(
            update_fields=[
                "status",
                "payment",
                "resolved_by",
                "resolution_note",
                "updated_at",
            ]
        )
        audit_log(
            actor=actor,
            action="payments.bank_record.match",
            target=locked,
            data={"invoice": str(invoice.public_id), "note": locked.resolution_note},
        )
    return locked


def bank_record_dismiss(*, record: BankRecord, actor: Any, note: str) -> BankRecord:
    """Staff close a queued record without paying an invoice (returned to the
    payer, not ours, a failed debit dealt with); audited with why."""
    _staff_resolution_check(actor=actor, note=note)
    with transaction.atomic():
        locked = _open_record_lock(record)
        locked.status = BankRecord.Status.DISMISSED
        locked.resolved_by = actor
        locked.resolution_note = note.strip()
        locked.save(
            update_fields=["status", "resolved_by", "resolution_note", "updated_at"]
        )
        audit_log(
            actor=actor,
            action="payments.bank_record.dismiss",
            target=locked,
            data={"note": locked.resolution_note},
        )
    return locked
