"""The delivery worker: claim a batch, send it, record each outcome, repeat.

Runs in ``manage.py run_delivery`` (any number of processes, each with
``--threads`` sessions) and, for the embedded default, in the task worker
through the ``notices_deliver`` task, which drains what is claimable and
returns. See docs/notices-delivery.md.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import threading
import time
import uuid

from django.conf import settings
from django.db import close_old_connections, connection

from cityhall.core.residents.selectors import mail_sender_name
from cityhall.notices.delivery import compose, social
from cityhall.notices.delivery import notice as notice_module
from cityhall.notices.delivery.transport import session_open
from cityhall.notices.models import BounceEvent, DeliveryBatch
from cityhall.notices.services import bounces
from cityhall.notices.services import delivery as delivery_services

logger = logging.getLogger(__name__)


def _session_tune() -> None:
    """PostgreSQL: asynchronous commit for this worker's connection.

    A commit is then acknowledged before its WAL is flushed to disk. That does
    not weaken anything against a killed *worker* (the server has the statement
    and commits it), only against a crash of the database server itself, which
    may lose the last fraction of a second of ``delivered`` marks: those
    messages are then sent again with the same Message-ID (the residual window
    of docs/notices-delivery.md, widened for that one event). In exchange the
    per-message mark does not wait for an fsync.
    """
    if connection.vendor != "postgresql":
        return
    # Connect first: before that ``connection.connection`` is ``None``, which
    # would pass for "already tuned" (the setting was silently never applied).
    connection.ensure_connection()
    if getattr(connection, "_cityhall_async_commit", None) is connection.connection:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    if not connection.in_atomic_block:
        # Inside a transaction the SET is undone by a rollback, so it is only
        # remembered once it took effect for the session.
        connection._cityhall_async_commit = connection.connection  # type: ignore[attr-defined]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Engine:
    """One sending loop; holds the rendered templates of the notices it sends."""

    def __init__(self, *, worker: str | None = None) -> None:
        self.worker = worker or worker_name()
        self._templates: dict[tuple[int, str], compose.MailTemplate] = {}
        self._versions: dict[int, dict[str, compose.NoticeContent]] = {}
        self._lock = threading.Lock()

    # -- content --------------------------------------------------------------

    def _template(self, page_id: int, language: str) -> compose.MailTemplate:
        key = (page_id, language)
        with self._lock:
            cached = self._templates.get(key)
        if cached is not None:
            return cached
        versions = self._versions.get(page_id)
        if versions is None:
            page = notice_module.source_page(page_id)
            versions = notice_module.notice_versions(page)
            self._versions[page_id] = versions
        content = versions.get(language) or versions[settings.LANGUAGE_CODE]
        template = compose.template_render(
            content,
            sender_name=mail_sender_name(
                "ja" if language == compose.EASY_JAPANESE else language
            ),
        )
        with self._lock:
            self._templates[key] = template
        return template

    # -- one batch ------------------------------------------------------------

    def run_once(self, *, max_priority: int | None = None) -> str | None:
        """Claim and work one batch; ``None`` when nothing is claimable."""
        _session_tune()
        claim = delivery_services.batch_claim(
            worker=self.worker, max_priority=max_priority
        )
        if claim is None:
            return None
        if claim.channel == "email":
            self._send_mail(claim)
        else:
            self._send_social(claim)
        outcome = delivery_services.batch_finish(claim=claim)
        logger.debug("batch %s: %s", claim.batch_id, outcome)
        return outcome

    def _send_mail(self, claim: delivery_services.Claim) -> None:
        deliveries = delivery_services.batch_deliveries_start(claim=claim)
        if not deliveries:
            return
        sender = compose.mail_from_address()
        renew_every = max(1.0, settings.CITYHALL_NOTICES_LEASE_SECONDS / 3)
        last_renew = time.monotonic()
        failed: dict[int, str] = {}
        deferred: dict[int, str] = {}
        try:
            session = session_open().__enter__()
        except (OSError, smtplib.SMTPException) as error:
            logger.warning("batch %s: cannot connect: %s", claim.batch_id, error)
            delivery_services.deliveries_record(
                deferred={d.pk: f"connect: {error}" for d in deliveries}
            )
            return
        try:
            for index, delivery in enumerate(deliveries):
                if time.monotonic() - last_renew > renew_every:
                    if not delivery_services.batch_lease_renew(claim=claim):
                        logger.warning("batch %s: lease lost; stopping", claim.batch_id)
                        return
                    last_renew = time.monotonic()
                template = self._template(claim.page_id, delivery.language)
                stamped = compose.message_stamp(
                    template,
                    to=delivery.address,
                    message_id=delivery.message_id,
                    subscriber_public_id=delivery.recipient_key,
                )
                result = session.send(
                    sender=sender, recipient=delivery.address, raw=stamped.raw
                )
                if result.ok:
                    # Recorded at once: the residual window is between the
                    # server's 250 and this statement reaching the database.
                    delivery_services.delivery_delivered(delivery_id=delivery.pk)
                elif result.permanent:
                    failed[delivery.pk] = f"{result.code} {result.error}"
                    bounces.bounce_record(
                        email=delivery.address,
                        kind=BounceEvent.Kind.HARD,
                        status_code=str(result.code),
                        diagnostic=result.error,
                        message_id=delivery.message_id,
                    )
                elif result.connection_lost:
                    for rest in deliveries[index:]:
                        deferred[rest.pk] = result.error
                    break
                else:
                    deferred[delivery.pk] = f"{result.code} {result.error}"
        finally:
            session.__exit__(None, None, None)
            delivery_services.deliveries_record(failed=failed, deferred=deferred)

    def _send_social(self, claim: delivery_services.Claim) -> None:
        deliveries = delivery_services.batch_deliveries_start(claim=claim)
        adapter = social.channel_adapter(claim.channel)
        for delivery in deliveries:
            if adapter is None or not adapter.is_configured():
                delivery_services.deliveries_record(
                    failed={delivery.pk: "channel not configured"}
                )
                continue
            versions = self._versions.get(claim.page_id)
            if versions is None:
                page = notice_module.source_page(claim.page_id)
                versions = notice_module.notice_versions(page)
                self._versions[claim.page_id] = versions
            content = versions[settings.LANGUAGE_CODE]
            text = content.title
            if content.text:
                text = f"{content.title}\n{content.text}"
            try:
                remote_id = adapter.send_notice(
                    text=text,
                    url=content.url,
                    language=settings.LANGUAGE_CODE,
                    idempotency_key=delivery.message_id,
                )
            except Exception as error:  # the adapter's own error types
                if social.is_permanent(error):
                    delivery_services.deliveries_record(
                        failed={delivery.pk: str(error)}
                    )
                else:
                    logger.warning("%s post deferred: %s", claim.channel, error)
                    delivery_services.deliveries_record(
                        deferred={delivery.pk: str(error)}
                    )
                continue
            delivery_services.delivery_delivered(
                delivery_id=delivery.pk, remote_id=str(remote_id)
            )

    # -- loops ----------------------------------------------------------------

    def drain(self, *, deadline: float | None = None) -> int:
        """Work batches until none is claimable now; returns how many."""
        worked = 0
        while deadline is None or time.monotonic() < deadline:
            if self.run_once() is None:
                break
            worked += 1
        return worked


def unfinished_batches() -> int:
    return DeliveryBatch.objects.exclude(status=DeliveryBatch.Status.DONE).count()


def run_forever(
    *,
    threads: int = 1,
    poll_seconds: float = 0.2,
    stop_when_idle: bool = False,
    stop: threading.Event | None = None,
) -> None:
    """Run ``threads`` sending loops in this process until ``stop`` is set (or,
    with ``stop_when_idle``, until no batch is left unfinished).

    With two threads or more, the first is the emergency lane: it claims only
    emergency batches, so an alert never waits for a newsletter batch in this
    process to end.
    """
    stop = stop or threading.Event()
    engine = Engine()

    def loop(max_priority: int | None) -> None:
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    outcome = engine.run_once(max_priority=max_priority)
                except Exception:
                    # A database hiccup must not end the loop: the batch's
                    # lease runs out and it is claimed again.
                    logger.exception("delivery loop: batch failed; continuing")
                    connection.close()
                    stop.wait(poll_seconds * 10)
                    continue
                if outcome is None:
                    if stop_when_idle and unfinished_batches() == 0:
                        return
                    stop.wait(poll_seconds)
        finally:
            connection.close()

    lanes: list[int | None] = [None] * max(1, threads)
    if threads >= 2:
        lanes[0] = 0
    workers = [
        threading.Thread(target=loop, args=(lane,), daemon=True) for lane in lanes
    ]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
