"""Bounces and complaints: reading reports and suppressing addresses.

Rules (docs/notices-delivery.md, "Bounces"):

* a **hard bounce** (DSN ``Action: failed`` with a 5.x.x status, or a 5xx refusal
  of RCPT/DATA during our own session) suppresses the address at once;
* a **soft bounce** (``Action: delayed``, or ``failed`` with 4.x.x) is counted;
  ``CITYHALL_NOTICES_SOFT_BOUNCE_LIMIT`` of them within 30 days suppress it;
* a **complaint** (ARF report, RFC 5965 ``message/feedback-report``) suppresses
  at once: the resident marked our mail as spam.

Suppression also ends the subscription (status ``unsubscribed``), so the
address is not selected again; re-subscribing by the web form lifts it, since
the double opt-in proves the mailbox works again.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import logging
import mailbox
from dataclasses import dataclass
from email.message import EmailMessage, Message
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cityhall.notices.models import BounceEvent, Subscriber, SuppressedAddress

logger = logging.getLogger(__name__)

SOFT_BOUNCE_WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True)
class Report:
    """One recipient's outcome read from a DSN or ARF report."""

    email: str
    kind: str  # BounceEvent.Kind
    status_code: str = ""
    diagnostic: str = ""
    message_id: str = ""


def _suppress(address: str, reason: str, detail: str) -> None:
    SuppressedAddress.objects.get_or_create(
        email=address, defaults={"reason": reason, "detail": detail[:500]}
    )
    Subscriber.objects.filter(email__iexact=address).exclude(
        status=Subscriber.Status.UNSUBSCRIBED
    ).update(
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=timezone.now(),
    )


def bounce_record(
    *,
    email: str,
    kind: str,
    status_code: str = "",
    diagnostic: str = "",
    message_id: str = "",
) -> bool:
    """Record one bounce or complaint and apply the suppression rules.

    A report already recorded (same address, Message-ID and kind) is ignored,
    so reading a mailbox twice or a webhook retried changes nothing. Returns
    whether the address is suppressed now.
    """
    address = email.strip().lower()
    if not address or "@" not in address:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                BounceEvent.objects.create(
                    email=address,
                    kind=kind,
                    status_code=status_code[:20],
                    diagnostic=diagnostic[:500],
                    message_id=message_id[:255],
                )
        except IntegrityError:
            logger.info("bounce report for %s already recorded", message_id)
            return SuppressedAddress.objects.filter(email=address).exists()
        if kind == BounceEvent.Kind.HARD:
            _suppress(address, SuppressedAddress.Reason.HARD_BOUNCE, diagnostic)
            return True
        if kind == BounceEvent.Kind.COMPLAINT:
            _suppress(address, SuppressedAddress.Reason.COMPLAINT, diagnostic)
            return True
        recent = BounceEvent.objects.filter(
            email=address,
            kind=BounceEvent.Kind.SOFT,
            created_at__gte=timezone.now() - SOFT_BOUNCE_WINDOW,
        ).count()
        if recent >= settings.CITYHALL_NOTICES_SOFT_BOUNCE_LIMIT:
            _suppress(
                address,
                SuppressedAddress.Reason.SOFT_BOUNCES,
                f"{recent} soft bounces; last: {diagnostic}",
            )
            return True
    return False


def _address(value: str) -> str:
    # "rfc822; someone@example.jp" or "<someone@example.jp>"
    value = value.partition(";")[2] if ";" in value else value
    return email.utils.parseaddr(value.strip())[1]


def _original_message_id(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() in ("message/rfc822", "text/rfc822-headers"):
            payload = part.get_payload()
            if isinstance(payload, list) and payload:
                first = payload[0]
                if isinstance(first, Message):
                    return str(first.get("Message-ID", "")).strip()
            if isinstance(payload, str):
                headers = email.message_from_string(payload)
                return str(headers.get("Message-ID", "")).strip()
    return ""


def reports_parse(raw: bytes) -> list[Report]:
    """The recipients reported by a DSN (RFC 3464 ``multipart/report;
    report-type=delivery-status``) or an ARF complaint (RFC 5965
    ``report-type=feedback-report``); ``[]`` for any other mail."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/report":
        return []
    param = message.get_param("report-type")
    report_type = param.lower() if isinstance(param, str) else ""
    message_id = _original_message_id(message)
    reports: list[Report] = []
    for part in message.walk():
        content_type = part.get_content_type()
        if (
            report_type == "delivery-status"
            and content_type == "message/delivery-status"
        ):
            # The payload is a list of header blocks: per-message, then one per
            # recipient.
            blocks = part.get_payload()
            if not isinstance(blocks, list):
                continue
            for block in blocks[1:]:
                if not isinstance(block, Message):
                    continue
                recipient = _address(
                    str(
                        block.get("Final-Recipient")
                        or block.get("Original-Recipient")
                        or ""
                    )
                )
                action = str(block.get("Action", "")).strip().lower()
                status = str(block.get("Status", "")).strip()
                diagnostic = " ".join(str(block.get("Diagnostic-Code", "")).split())
                if action == "failed" and status.startswith("5"):
                    kind = BounceEvent.Kind.HARD
                elif action in ("failed", "delayed"):
                    kind = BounceEvent.Kind.SOFT
                else:
                    continue  # delivered, relayed, expanded: not a bounce
                reports.append(Report(recipient, kind, status, diagnostic, message_id))
        elif (
            report_type == "feedback-report"
            and content_type == "message/feedback-report"
        ):
            blocks = part.get_payload()
            first = blocks[0] if isinstance(blocks, list) and blocks else part
            fields: Message = first if isinstance(first, Message) else part
            recipient = _address(str(fields.get("Original-Rcpt-To", "")))
            feedback = str(fields.get("Feedback-Type", "abuse")).strip()
            if not recipient:
                original = _original_recipient(message)
                recipient = original
            if recipient:
                reports.append(
                    Report(
                        recipient,
                        BounceEvent.Kind.COMPLAINT,
                        "",
                        f"ARF {feedback}",
                        message_id,
                    )
                )
    return reports


def _original_recipient(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() in ("message/rfc822", "text/rfc822-headers"):
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, (Message, EmailMessage)):
                return email.utils.parseaddr(str(inner.get("To", "")))[1]
    return ""


def report_mail_process(*, raw: bytes) -> int:
    """Record every report in one mail; returns how many were recorded."""
    reports = reports_parse(raw)
    for report in reports:
        bounce_record(
            email=report.email,
            kind=report.kind,
            status_code=report.status_code,
            diagnostic=report.diagnostic,
            message_id=report.message_id,
        )
    return len(reports)


def bounce_maildir_process(*, path: str | Path) -> int:
    """Read every new mail of a Maildir (the bounce mailbox), record its
    reports and move it to ``cur`` so the next run skips it. Mail that is not a
    report is also moved (and logged), so it cannot block the mailbox."""
    box = mailbox.Maildir(str(path), create=False)
    count = 0
    for key in list(box.iterkeys()):
        message = box.get_message(key)
        if "S" in message.get_flags():
            continue
        raw = box.get_bytes(key)
        recorded = report_mail_process(raw=raw)
        if not recorded:
            logger.info("bounce mailbox: mail %s is not a DSN or ARF report", key)
        count += recorded
        message.set_subdir("cur")
        message.add_flag("S")
        box[key] = message
    return count
