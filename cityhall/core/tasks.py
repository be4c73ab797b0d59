"""Background tasks of the core app (thin: each calls one service)."""

from __future__ import annotations

import logging

from django_tasks import task

from cityhall.core.services.audit import audit_verify
from cityhall.core.services.idempotency import idempotency_records_purge
from cityhall.core.services.roles import role_groups_sync_all

logger = logging.getLogger(__name__)


@task()
def roles_sync() -> int:
    """Daily: bring every user's role groups in line with today's assignments
    (April transfers take effect on their date). Safe to run any number of times."""
    count = role_groups_sync_all()
    logger.info("roles_sync: checked %d users", count)
    return count


@task()
def audit_chain_check() -> bool:
    """Daily: verify the audit hash chain and log an error if it is broken."""
    result = audit_verify()
    if result.ok:
        logger.info("audit_chain_check: %d records intact", result.checked)
    else:
        logger.error(
            "audit_chain_check: chain broken at sequence %s: %s",
            result.first_bad_sequence,
            result.reason,
        )
    return result.ok


@task()
def idempotency_records_purge_daily() -> int:
    """Daily: delete Idempotency-Key records whose replay period has ended.
    Safe to run any number of times."""
    deleted = idempotency_records_purge()
    logger.info("idempotency_records_purge_daily: %d records deleted", deleted)
    return deleted
