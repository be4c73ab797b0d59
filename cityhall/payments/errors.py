"""Errors of the payments app, each with a stable code clients can switch on."""

from __future__ import annotations

from cityhall.common.errors import ApplicationError


class PaymentError(ApplicationError):
    """An expected failure of an invoice, payment or refund operation.

    Codes in use: ``invoice_not_payable``, ``invoice_locked``, ``invalid_amount``,
    ``invalid_transition``, ``idempotency_key_reused``, ``payment_in_progress``,
    ``refund_exceeds_refundable``, ``payment_not_refundable``,
    ``permission_denied``, ``receipt_number_taken``, ``record_not_open``.
    """

    code = "payment_error"


class BankFileError(PaymentError):
    """A bank or collection-agency file that cannot be imported as a whole.

    ``line`` is the 1-based record number the problem was found at (0 when it
    concerns the file as a whole), ``reason`` a stable machine-readable reason.
    """

    code = "bank_file_malformed"

    def __init__(self, message: str, *, line: int, reason: str) -> None:
        super().__init__(message, extra={"line": line, "reason": reason})
        self.line = line
        self.reason = reason
