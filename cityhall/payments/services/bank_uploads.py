"""Bank files uploaded in the staff console and imported in the background.

``bank_file_upload_create`` keeps the uploaded bytes in a
:class:`~cityhall.payments.models.BankFileUpload` and, after commit, queues
``tasks.bank_file_upload_import`` with its id. ``bank_file_upload_run`` (what
the task calls) checks the file, then imports it through
:func:`~cityhall.payments.services.reconciliation.bank_file_import`, moving the
upload through its statuses so that the console's progress page can follow it.
The import and the upload's final counts commit together, so a run repeated
after a crash, or two workers given the same upload, import it once.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cityhall.core.models import Municipality
from cityhall.core.services.audit import audit_log
from cityhall.payments.errors import BankFileError, PaymentError
from cityhall.payments.models import BankFileUpload
from cityhall.payments.permissions import can_reconcile
from cityhall.payments.services.cvs_reports import MAGIC as CVS_MAGIC
from cityhall.payments.services.cvs_reports import cvs_report_parse
from cityhall.payments.services.reconciliation import bank_file_import
from cityhall.payments.zengin import parse_zengin

logger = logging.getLogger(__name__)


def bank_file_upload_create(
    *,
    municipality: Municipality,
    filename: str,
    data: bytes,
    actor: Any,
    language: str = "",
) -> BankFileUpload:
    """Keep an uploaded bank file and queue its import (after commit).

    Accounting staff only. An empty file is refused here; every other check is
    the import's, in the background. Audited with who uploaded what.
    """
    from cityhall.payments import tasks

    if not can_reconcile(actor):
        raise PaymentError(
            _("You may not reconcile payments."), code="permission_denied", status=403
        )
    if not data:
        raise PaymentError(_("The file is empty."), code="bank_file_empty")
    with transaction.atomic():
        upload = BankFileUpload.objects.create(
            municipality=municipality,
            filename=(filename or "bank-file")[:255],
            data=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            language=language[:10],
            uploaded_by=actor,
        )
        audit_log(
            actor=actor,
            action="payments.bank_file.upload",
            target=upload,
            data={"filename": upload.filename, "sha256": upload.sha256},
        )
        upload_id = upload.pk
        transaction.on_commit(lambda: tasks.bank_file_upload_import.enqueue(upload_id))
    return upload


def _records_in(data: bytes) -> int:
    """Check the whole file and count its records; raises BankFileError."""
    if data.startswith(CVS_MAGIC) or data.startswith(b"\xef\xbb\xbf" + CVS_MAGIC):
        return len(cvs_report_parse(data))
    return len(parse_zengin(data).data_records)


def _set_status(upload_id: int, status: str, **fields: Any) -> None:
    BankFileUpload.objects.filter(pk=upload_id).exclude(
        status__in=[BankFileUpload.Status.DONE, BankFileUpload.Status.FAILED]
    ).update(status=status, updated_at=timezone.now(), **fields)


def bank_file_upload_run(*, upload_id: int) -> str:
    """Import one uploaded file; returns what happened (for the task's log).

    Safe to run twice or side by side: a finished upload is left alone, and
    the import itself runs with the upload's row locked.
    """
    upload = BankFileUpload.objects.filter(pk=upload_id).first()
    if upload is None:
        return "gone"
    if upload.finished:
        return "already finished"
    data = bytes(upload.data)
    with translation.override(upload.language or settings.LANGUAGE_CODE):
        _set_status(upload_id, BankFileUpload.Status.CHECKING)
        try:
            records = _records_in(data)
        except BankFileError as error:
            return _fail(upload_id, error)
        _set_status(upload_id, BankFileUpload.Status.APPLYING, record_count=records)
        try:
            with transaction.atomic():
                locked = BankFileUpload.objects.select_for_update().get(pk=upload_id)
                if locked.finished:
                    return "already finished"
                summary = bank_file_import(
                    data=data,
                    filename=locked.filename,
                    municipality=locked.municipality,
                    actor=locked.uploaded_by,
                )
                locked.status = BankFileUpload.Status.DONE
                locked.applied_count = summary.applied
                locked.known_count = summary.already_known
                locked.queued_count = summary.left_for_staff
                locked.ignored_count = summary.ignored
                locked.duplicate_file = summary.duplicate_file
                locked.warnings = [str(w) for w in summary.warnings]
                locked.imported_file = summary.imported_file
                locked.finished_at = timezone.now()
                locked.data = b""
                locked.save()
        except BankFileError as error:
            return _fail(upload_id, error)
    logger.info(
        "bank file upload %s: applied %d, known %d, queued %d",
        upload_id,
        summary.applied,
        summary.already_known,
        summary.left_for_staff,
    )
    return "done"


def _fail(upload_id: int, error: BankFileError) -> str:
    BankFileUpload.objects.filter(pk=upload_id).exclude(
        status=BankFileUpload.Status.DONE
    ).update(
        status=BankFileUpload.Status.FAILED,
        error_line=error.line,
        error_reason=error.reason[:50],
        error_message=str(error.message)[:500],
        finished_at=timezone.now(),
        data=b"",
        updated_at=timezone.now(),
    )
    logger.info("bank file upload %s rejected: %s", upload_id, error.reason)
    return f"rejected: {error.reason}"
