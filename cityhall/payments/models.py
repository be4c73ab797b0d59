"""Invoices, payment attempts, refunds and bank reconciliation (電子収納).

The ledger is kept in three tables whose invariants the database enforces:

* an :class:`Invoice` (納付書) states what is owed; it is never edited once a
  payment has started, a correction is a new invoice whose ``corrects`` points at
  the old one;
* a :class:`Payment` is one attempt to pay one invoice in full; at most one
  attempt per invoice is ever ``success`` (a conditional unique constraint), and
  at most one is unfinished at a time, so two card charges cannot run side by
  side;
* a :class:`Refund` gives back part or all of a successful payment; the payment
  carries ``refunded_amount``, checked to stay between 0 and ``amount``, and
  each refund raises it in the same transaction, so paid − refunded is never
  negative.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel, TimeStampedModel


class Subject(models.TextChoices):
    """What an invoice is for: the 税目 or the kind of charge."""

    RESIDENT_TAX = "resident_tax", _("Municipal and prefectural inhabitant tax")
    FIXED_ASSET_TAX = "fixed_asset_tax", _("Fixed asset tax")
    LIGHT_VEHICLE_TAX = "light_vehicle_tax", _("Light motor vehicle tax")
    NATIONAL_HEALTH_INSURANCE = (
        "national_health_insurance",
        _("National health insurance tax"),
    )
    WATER = "water", _("Water charges")
    FACILITY_FEE = "facility_fee", _("Facility fee")
    ADMINISTRATIVE_FEE = "administrative_fee", _("Administrative fee")


class PaymentSettings(TimeStampedModel):
    """How one municipality collects money: Pay-easy and convenience-store codes,
    and which division reconciles (会計課)."""

    municipality = models.OneToOneField(
        "core.Municipality", on_delete=models.CASCADE, related_name="payment_settings"
    )
    accounting_department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accounting division"),
        help_text=_("Its staff reconcile bank files and issue refunds."),
    )
    payeasy_biller_number = models.CharField(
        _("Pay-easy biller number"),
        max_length=5,
        blank=True,
        help_text=_("収納機関番号: five digits assigned by the Pay-easy network."),
    )
    payeasy_number_digits = models.PositiveSmallIntegerField(
        _("Pay-easy payment number digits"),
        default=10,
        help_text=_(
            "Length of the 納付番号, check digit included (4 to 20). Ten digits "
            "fit the 振込依頼人コード of a bank transfer, so transfers match too."
        ),
    )
    payeasy_confirmation_digits = models.PositiveSmallIntegerField(
        _("Pay-easy confirmation number digits"),
        default=6,
        help_text=_("Length of the 確認番号 (up to 16)."),
    )
    cvs_company_code = models.CharField(
        _("convenience-store company code"),
        max_length=6,
        blank=True,
        help_text=_(
            "Six digits of the GS1 company prefix for the 44-digit barcode: "
            "the prefix without its leading 4 (45 or 49)."
        ),
    )

    class Meta:
        verbose_name = _("payment settings")
        verbose_name_plural = _("payment settings")
        ordering = ["municipality"]
        constraints = [
            models.CheckConstraint(
                condition=Q(payeasy_number_digits__gte=4)
                & Q(payeasy_number_digits__lte=20),
                name="payment_settings_payeasy_number_digits_range",
            ),
            models.CheckConstraint(
                condition=Q(payeasy_confirmation_digits__gte=1)
                & Q(payeasy_confirmation_digits__lte=16),
                name="payment_settings_payeasy_confirmation_digits_range",
            ),
        ]


class ReceivingAccount(TimeStampedModel):
    """A bank account the municipality receives money into (収納口座)."""

    class AccountType(models.TextChoices):
        ORDINARY = "1", _("Ordinary deposit")
        CURRENT = "2", _("Current account")
        SAVINGS = "4", _("Savings deposit")
        OTHER = "9", _("Other")

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("label"), max_length=100)
    bank_code = models.CharField(_("bank code"), max_length=4)
    branch_code = models.CharField(_("branch code"), max_length=3)
    account_type = models.CharField(
        _("account type"), max_length=1, choices=AccountType.choices
    )
    account_number = models.CharField(_("account number"), max_length=7)
    consignor_code = models.CharField(
        _("consignor code"),
        max_length=10,
        blank=True,
        help_text=_("委託者コード for direct debit (口座振替) results."),
    )

    class Meta:
        verbose_name = _("receiving account")
        verbose_name_plural = _("receiving accounts")
        ordering = ["bank_code", "branch_code", "account_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank_code", "branch_code", "account_type", "account_number"],
                name="receiving_account_unique",
            )
        ]

    def __str__(self) -> str:
        return account_key(
            self.bank_code, self.branch_code, self.account_type, self.account_number
        )


def account_key(bank: str, branch: str, account_type: str, number: str) -> str:
    """The one spelling of an account used in messages and keys: 0001-100-1-1234567."""
    return f"{bank}-{branch}-{account_type}-{number}"


class Invoice(PublicIdModel):
    """What someone owes the municipality for one thing (納付書 / 請求).

    ``amount`` is integer yen. Once any payment attempt exists the invoice's
    terms are frozen; :func:`~cityhall.payments.services.invoices.invoice_correct`
    issues a replacement whose ``corrects`` points here and marks this one
    ``superseded``.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAID = "paid", _("Paid")
        REFUNDED = "refunded", _("Refunded")
        CANCELLED = "cancelled", _("Cancelled")
        SUPERSEDED = "superseded", _("Superseded by a correction")

    class Source(models.TextChoices):
        APP = "app", _("Another application")
        STAFF = "staff", _("Staff")
        IMPORT = "import", _("CSV import")

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invoices",
    )
    payer_name = models.CharField(_("payer name"), max_length=200)
    payer_name_kana = models.CharField(
        _("payer name (kana)"),
        max_length=200,
        blank=True,
        help_text=_(
            "The payer's name in full-width katakana, normalised for matching "
            "bank records."
        ),
    )
    subject = models.CharField(_("subject"), max_length=40, choices=Subject.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    installment = models.PositiveSmallIntegerField(
        _("installment"), default=0, help_text=_("期別; 0 when paid in one sum.")
    )
    amount = models.BigIntegerField(_("amount (yen)"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects"),
    )
    reference_number = models.CharField(
        _("payment number"),
        max_length=20,
        help_text=_("納付番号: quoted by the payer at banks, ATMs and Pay-easy."),
    )
    confirmation_number = models.CharField(
        _("confirmation number"), max_length=16, blank=True
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    source_app = models.CharField(max_length=50, blank=True)
    source_reference = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="invoice_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["municipality", "reference_number"],
                name="invoice_unique_reference_number",
            ),
            models.UniqueConstraint(
                fields=["source_app", "source_reference"],
                condition=~Q(source_reference=""),
                name="invoice_unique_source_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "amount"], name="invoice_status_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.reference_number} {self.get_subject_display()} ¥{self.amount:,}"


class Channel(models.TextChoices):
    CARD = "card", _("Card")
    PAYEASY = "payeasy", _("Pay-easy")
    CONVENIENCE_STORE = "cvs", _("Convenience store")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    DIRECT_DEBIT = "direct_debit", _("Direct debit")
    COUNTER = "counter", _("Counter (cash)")


class Payment(PublicIdModel):
    """One attempt to pay one invoice in full.

    State machine (as GOV.UK Pay): created → started → submitted → success /
    failed / cancelled / expired. ``finished`` is true in the four end states.
    Channels where the money has already arrived (bank files, counter cash)
    record an attempt directly in ``success``.
    """

    class State(models.TextChoices):
        CREATED = "created", _("Created")
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")
        SUCCESS = "success", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    amount = models.BigIntegerField(_("amount (yen)"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.CREATED
    )
    finished = models.BooleanField(default=False)
    refunded_amount = models.BigIntegerField(default=0)
    provider = models.CharField(max_length=30, blank=True)
    provider_reference = models.CharField(max_length=200, blank=True)
    failure_code = models.CharField(max_length=50, blank=True)
    idempotency_scope = models.CharField(max_length=100, blank=True)
    idempotency_key = models.CharField(max_length=200, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="payment_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0)
                & Q(refunded_amount__lte=models.F("amount")),
                name="payment_refunded_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount=0) | Q(state="success"),
                name="payment_refund_only_success",
            ),
            models.CheckConstraint(
                condition=Q(
                    finished=True,
                    state__in=["success", "failed", "cancelled", "expired"],
                )
                | Q(finished=False, state__in=["created", "started", "submitted"]),
                name="payment_finished_matches_state",
            ),
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(state="success"),
                name="payment_one_success_per_invoice",
            ),
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(finished=False),
                name="payment_one_live_attempt_per_invoice",
            ),
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="payment_unique_idempotency_key",
            ),
            models.UniqueConstraint(
                fields=["channel", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="payment_unique_provider_reference",
            ),
            models.UniqueConstraint(
                fields=["receipt_number"],
                condition=~Q(receipt_number=""),
                name="payment_unique_receipt_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} ¥{self.amount:,} {self.state}"

    @property
    def refundable_amount(self) -> int:
        """What can still be given back (0 unless the payment succeeded)."""
        if self.state != self.State.SUCCESS:
            return 0
        return self.amount - self.refunded_amount


class Refund(PublicIdModel):
    """Part or all of a successful payment given back, with who and why."""

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.BigIntegerField(_("amount (yen)"))
    reason = models.CharField(_("reason"), max_length=500)
    idempotency_scope = models.CharField(max_length=100)
    idempotency_key = models.CharField(max_length=200)
    request_fingerprint = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="refund_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                name="refund_unique_idempotency_key",
            ),
        ]


class ImportedFile(TimeStampedModel):
    """A bank or collection-agency file once imported; its hash makes a second
    import of the same bytes a no-op."""

    class Kind(models.TextChoices):
        TRANSFER_NOTICE = "01", _("Transfer notification (振込入金通知)")
        STATEMENT = "03", _("Deposit and withdrawal statement (入出金取引明細)")
        DIRECT_DEBIT = "91", _("Direct debit results (口座振替結果)")
        CVS_PRELIMINARY = "cvs_preliminary", _("Convenience store, preliminary")
        CVS_FINAL = "cvs_final", _("Convenience store, final")
        PAYEASY = "payeasy", _("Pay-easy collection data")

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    sha256 = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    record_count = models.PositiveIntegerField(default=0)
    applied_count = models.PositiveIntegerField(default=0)
    known_count = models.PositiveIntegerField(default=0)
    queued_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        ordering = ["-created_at", "-id"]


class BankRecord(PublicIdModel):
    """One money movement a bank or agency reported, and what became of it.

    ``record_key`` identifies the movement across files (the same transfer in
    two overlapping statements, a 速報 then its 確報), so it is applied once.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied automatically")
        UNMATCHED = "unmatched", _("Waiting for staff")
        RESOLVED = "resolved", _("Matched by staff")
        DISMISSED = "dismissed", _("Dismissed by staff")
        SUPERSEDED = "superseded", _("Replaced by the final report")

    imported_file = models.ForeignKey(
        ImportedFile, on_delete=models.PROTECT, related_name="records"
    )
    line_number = models.PositiveIntegerField()
    account = models.CharField(max_length=40)
    record_key = models.CharField(max_length=200)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    value_date = models.DateField(null=True, blank=True)
    amount = models.BigIntegerField()
    reference = models.CharField(max_length=40, blank=True)
    payer_name_kana = models.CharField(max_length=100, blank=True)
    result_code = models.CharField(max_length=2, blank=True)
    report = models.CharField(
        max_length=12,
        blank=True,
        help_text=_("For convenience stores: preliminary (速報) or final (確報)."),
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField(max_length=50, blank=True)
    suggestions = models.JSONField(default=list, blank=True)
    payment = models.OneToOneField(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_record",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("bank record")
        verbose_name_plural = _("bank records")
        ordering = ["imported_file", "line_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "record_key"],
                condition=~Q(status="superseded"),
                name="bank_record_unique_movement",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="bank_record_status")]


class ProviderEvent(TimeStampedModel):
    """One notification (webhook) from a payment provider, kept once.

    The unique (provider, event_id) makes a replayed or duplicated delivery a
    no-op; ``outcome`` says what applying it did, so that an event that could
    not be applied (a success for an attempt already failed, money for an
    invoice paid another way) stays visible to staff instead of being lost.
    """

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        STALE = "stale", _("Already reflected or older than the current state")
        UNKNOWN_PAYMENT = "unknown_payment", _("No payment with this reference")
        CONFLICT = "conflict", _("Contradicts the payment's final state")
        NOT_PAYABLE = "not_payable", _("Invoice already paid: refund needed")

    provider = models.CharField(max_length=30)
    event_id = models.CharField(max_length=200)
    provider_reference = models.CharField(max_length=200)
    state = models.CharField(max_length=20)
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provider_events",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)

    class Meta:
        verbose_name = _("provider event")
        verbose_name_plural = _("provider events")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="provider_event_unique"
            )
        ]


class BankFileUpload(PublicIdModel):
    """A bank file uploaded in the staff console, waiting for or done by its
    background import: the file's bytes until the import ran, then what it did.

    The import runs in a task (``tasks.bank_file_upload_import``) that moves
    ``status`` from queued through checking and applying to done or failed;
    the console's progress page reads this row. A failed (malformed) upload
    keeps only the line and reason; nothing else is written.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking the file")
        APPLYING = "applying", _("Matching and applying records")
        DONE = "done", _("Done")
        FAILED = "failed", _("Rejected")

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    record_count = models.PositiveIntegerField(default=0)
    applied_count = models.PositiveIntegerField(default=0)
    known_count = models.PositiveIntegerField(default=0)
    queued_count = models.PositiveIntegerField(default=0)
    ignored_count = models.PositiveIntegerField(default=0)
    duplicate_file = models.BooleanField(default=False)
    warnings = models.JSONField(default=list, blank=True)
    error_line = models.PositiveIntegerField(null=True, blank=True)
    error_reason = models.CharField(max_length=50, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    imported_file = models.ForeignKey(
        ImportedFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bank file upload")
        verbose_name_plural = _("bank file uploads")
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
