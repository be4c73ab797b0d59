"""Writes of the delivery engine: starting a notice's delivery, claiming
batches with a lease, and recording each message's outcome.

The exactly-once argument and the residual window are in
docs/notices-delivery.md; in short: a :class:`Delivery` is ``delivered`` only
after the receiving server accepted it, the row is written right after the
acceptance (autocommit, one statement), a batch is owned through a lease, and
any delivery not ``delivered`` when a lease runs out is sent again with the same
Message-ID.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from cityhall.notices.delivery import notice as notice_facts_module
from cityhall.notices.delivery.compose import (
    message_id_for,
    sender_domain_for_message_ids,
)
from cityhall.notices.delivery.pacing import domain_concurrency, domain_group
from cityhall.notices.models import (
    Delivery,
    DeliveryBatch,
    NoticeDispatch,
    Subscriber,
    SuppressedAddress,
)

logger = logging.getLogger(__name__)

_MAX_BACKOFF = dt.timedelta(hours=6)


def _matching_subscribers(facts: notice_facts_module.NoticeFacts):  # type: ignore[no-untyped-def]
    subscribers = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE)
    # Disaster alerts reach everyone in the area whatever categories they
    # chose; other notices only subscribers of one of their categories (or of
    # no category in particular).
    if facts.priority > 0 and facts.category_keys:
        subscribers = subscribers.filter(
            Q(categories__isnull=True)
            | Q(categories__translation_key__in=facts.category_keys)
        )
    if facts.district_ids:
        subscribers = subscribers.filter(
            Q(districts__isnull=True) | Q(districts__in=facts.district_ids)
        )
    return subscribers.distinct().order_by("pk")


_DELIVERY_COLUMNS = (
    "dispatch_id",
    "batch_id",
    "channel",
    "subscriber_id",
    "recipient_key",
    "address",
    "language",
    "status",
    "message_id",
)


def _deliveries_insert(rows: list[list[Any]], *, now: dt.datetime) -> None:
    """Insert delivery rows (``_DELIVERY_COLUMNS`` order), one parameterised
    statement executed for many rows.

    ``bulk_create`` built a model instance per recipient and compiled every
    value through the field machinery: for a 20,000-recipient notice that was
    most of the queueing time, which an emergency's first message waits for.
    The values here are already plain (ids, strings), so they go as they are.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    stamp = connection.ops.adapt_datetimefield_value(now)
    columns = (
        "created_at",
        "updated_at",
        *_DELIVERY_COLUMNS,
        "attempts",
        "remote_id",
        "last_error",
    )
    head = (
        f"INSERT INTO {quote(Delivery._meta.db_table)} "  # noqa: S608 - identifiers only
        f"({', '.join(quote(c) for c in columns)}) VALUES "
    )
    slot = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        # One parameterised row statement, many rows: psycopg parses the query
        # once and pipelines the rows (a single huge multi-row VALUES spent
        # most of its time splitting the query text on the client).
        cursor.executemany(
            head + slot, [[stamp, stamp, *row, 0, "", ""] for row in rows]
        )


def notice_delivery_start(*, page_id: int) -> NoticeDispatch:
    """Queue the delivery of a published notice on its channels (配信開始).

    Selects the active subscribers whose categories and districts match (a
    subscriber without districts gets every district; a notice without
    districts goes to the whole city), picks each one's language (falling back
    to easy Japanese, then Japanese), creates one :class:`Delivery` per
    recipient and channel, grouped into batches of one receiving domain.
    Suppressed addresses get a ``suppressed`` record and no batch. Social
    channels get one delivery each.

    Idempotent: a second call (or a concurrent one) finds the existing
    dispatch and creates nothing.
    """
    page = notice_facts_module.source_page(page_id)
    facts = notice_facts_module.notice_facts(page)
    existing = NoticeDispatch.objects.filter(page_id=page.pk).first()
    if existing is not None:
        return existing
    versions = notice_facts_module.notice_versions(page)
    available = set(versions)
    now = timezone.now()
    size = max(1, settings.CITYHALL_NOTICES_SESSION_RECIPIENTS)
    with transaction.atomic():
        dispatch, created = NoticeDispatch.objects.get_or_create(
            page_id=page.pk,
            defaults={"priority": facts.priority, "channels": facts.channels},
        )
        if not created:
            return dispatch
        # One tuple per delivery, in _DELIVERY_COLUMNS order; the batch id
        # (index 1) is filled in once the batches exist.
        deliveries: list[list[Any]] = []
        batch_of: list[tuple[str, str]] = []  # (channel, domain) per delivery
        sender_domain = sender_domain_for_message_ids()
        if "email" in facts.channels:
            suppressed = set(SuppressedAddress.objects.values_list("email", flat=True))
            rows = _matching_subscribers(facts).values_list(
                "pk", "public_id", "email", "domain", "language"
            )
            language_of: dict[str, str] = {}
            group_of: dict[str, str] = {}
            for pk, public_id, address, domain, language in rows.iterator(
                chunk_size=5000
            ):
                key = public_id.hex
                is_suppressed = address.lower() in suppressed
                if language not in language_of:
                    language_of[language] = notice_facts_module.language_for(
                        language, available
                    )
                deliveries.append(
                    [
                        dispatch.pk,
                        None,
                        "email",
                        pk,
                        key,
                        address,
                        language_of[language],
                        (
                            Delivery.Status.SUPPRESSED.value
                            if is_suppressed
                            else Delivery.Status.QUEUED.value
                        ),
                        message_id_for(
                            page_id=page.pk, recipient_key=key, domain=sender_domain
                        ),
                    ]
                )
                if is_suppressed:
                    batch_of.append(("", ""))
                else:
                    if domain not in group_of:
                        group_of[domain] = domain_group(domain)
                    batch_of.append(("email", group_of[domain]))
        for channel in facts.channels:
            if channel in notice_facts_module.SOCIAL_CHANNELS:
                deliveries.append(
                    [
                        dispatch.pk,
                        None,
                        channel,
                        None,
                        channel,
                        "",
                        settings.LANGUAGE_CODE,
                        Delivery.Status.QUEUED.value,
                        message_id_for(
                            page_id=page.pk, recipient_key=channel, domain=sender_domain
                        ),
                    ]
                )
                batch_of.append((channel, channel))
        # Group into batches: one channel and domain group, at most `size` each.
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, key in enumerate(batch_of):
            if key[0]:
                groups[key].append(index)
        batches: list[DeliveryBatch] = []
        members: list[list[int]] = []
        for (channel, domain), indexes in sorted(groups.items()):
            for start in range(0, len(indexes), size):
                batches.append(
                    DeliveryBatch(
                        dispatch=dispatch,
                        channel=channel,
                        priority=facts.priority,
                        domain=domain,
                        available_at=now,
                    )
                )
                members.append(indexes[start : start + size])
        DeliveryBatch.objects.bulk_create(batches, batch_size=2000)
        for batch, indexes in zip(batches, members, strict=True):
            for index in indexes:
                deliveries[index][1] = batch.pk
        _deliveries_insert(deliveries, now=now)
        if batches:
            from cityhall.notices import tasks

            transaction.on_commit(tasks.notices_deliver.enqueue)
    logger.info(
        "notice %s: delivery started, %d deliveries in %d batches (priority %d)",
        page.pk,
        len(deliveries),
        len(batches),
        facts.priority,
    )
    return dispatch


@dataclass(frozen=True)
class Claim:
    """A batch a worker holds until ``lease_until`` (renewable)."""

    batch_id: int
    claims: int
    channel: str
    domain: str
    page_id: int
    worker: str


def _active_sessions() -> dict[str, int]:
    now = timezone.now()
    counts: dict[str, int] = defaultdict(int)
    for domain in DeliveryBatch.objects.filter(
        status=DeliveryBatch.Status.SENDING, lease_until__gte=now
    ).values_list("domain", flat=True):
        counts[domain] += 1
    return counts


def _limit(domain: str, priority: int) -> int:
    # The emergency lane has one session per domain of its own, so an alert
    # never waits for a newsletter session to end.
    return domain_concurrency(domain) + (1 if priority == 0 else 0)


def _claimable(now: dt.datetime) -> Q:
    return Q(status=DeliveryBatch.Status.QUEUED, available_at__lte=now) | Q(
        status=DeliveryBatch.Status.SENDING, lease_until__lt=now
    )


def batch_claim(*, worker: str, max_priority: int | None = None) -> Claim | None:
    """Claim the most urgent batch that may run now, with a lease.

    Order: priority (emergency first), then age. A batch is claimable when
    queued and due, or when its lease ran out (its worker died or stalled:
    it is resumed). Domains already at their session limit are skipped.
    ``max_priority=0`` claims emergency batches only (the reserved lane).

    PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks a row no other worker
    is looking at, and a transaction-scoped advisory lock per domain group makes
    "count sessions, then claim" atomic. SQLite (one writer at a time): a
    compare-and-set ``UPDATE … WHERE`` still-claimable, so two workers never
    both own a batch.
    """
    now = timezone.now()
    lease = now + dt.timedelta(seconds=settings.CITYHALL_NOTICES_LEASE_SECONDS)
    if (
        max_priority is not None
        and not DeliveryBatch.objects.filter(
            _claimable(now), priority__lte=max_priority
        ).exists()
    ):
        # The emergency lane polls often; when nothing urgent waits, one
        # indexed query answers instead of the whole claim.
        return None
    sessions = _active_sessions()
    saturated_normal = [d for d, n in sessions.items() if n >= _limit(d, 1)]
    saturated_urgent = [d for d, n in sessions.items() if n >= _limit(d, 0)]
    candidates = DeliveryBatch.objects.filter(_claimable(now)).exclude(
        Q(priority__gt=0, domain__in=saturated_normal)
        | Q(priority=0, domain__in=saturated_urgent)
    )
    if max_priority is not None:
        candidates = candidates.filter(priority__lte=max_priority)
    if connection.vendor == "postgresql":
        with transaction.atomic():
            batch = (
                candidates.select_for_update(skip_locked=True)
                .order_by("priority", "available_at", "id")
                .first()
            )
            if batch is None:
                return None
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))",
                    ["cityhall-notices-domain:" + batch.domain],
                )
            running = DeliveryBatch.objects.filter(
                status=DeliveryBatch.Status.SENDING,
                domain=batch.domain,
                lease_until__gte=now,
            ).count()
            if running >= _limit(batch.domain, batch.priority):
                return None
            batch.status = DeliveryBatch.Status.SENDING
            batch.lease_until = lease
            batch.worker = worker
            batch.claims += 1
            batch.save(update_fields=["status", "lease_until", "worker", "claims"])
        claims = batch.claims
    else:
        batch = candidates.order_by("priority", "available_at", "id").first()
        if batch is None:
            return None
        claims = batch.claims + 1
        won = DeliveryBatch.objects.filter(
            _claimable(now), pk=batch.pk, claims=batch.claims
        ).update(
            status=DeliveryBatch.Status.SENDING,
            lease_until=lease,
            worker=worker,
            claims=claims,
        )
        if not won:
            return None
    if batch.claims > 1 or claims > 1:
        logger.info("batch %s resumed by %s (claim %d)", batch.pk, worker, claims)
    return Claim(
        batch_id=batch.pk,
        claims=claims,
        channel=batch.channel,
        domain=batch.domain,
        page_id=NoticeDispatch.objects.values_list("page_id", flat=True).get(
            pk=batch.dispatch_id
        ),
        worker=worker,
    )


def batch_lease_renew(*, claim: Claim) -> bool:
    """Extend the lease; ``False`` when another worker has taken the batch over
    (the caller must stop sending at once)."""
    lease = timezone.now() + dt.timedelta(
        seconds=settings.CITYHALL_NOTICES_LEASE_SECONDS
    )
    return bool(
        DeliveryBatch.objects.filter(
            pk=claim.batch_id,
            claims=claim.claims,
            status=DeliveryBatch.Status.SENDING,
        ).update(lease_until=lease)
    )


def batch_deliveries_start(*, claim: Claim) -> list[Delivery]:
    """Mark the batch's unfinished deliveries ``sending`` and return them.

    Deliveries whose address was suppressed or unsubscribed since queueing are
    marked ``suppressed`` instead (one query each way).
    """
    pending = [
        Delivery.Status.QUEUED,
        Delivery.Status.SENDING,
        Delivery.Status.DEFERRED,
    ]
    rows = Delivery.objects.filter(batch_id=claim.batch_id, status__in=pending)
    if claim.channel == "email":
        gone = list(
            rows.filter(
                Q(address__in=SuppressedAddress.objects.values("email"))
                | ~Q(subscriber__status=Subscriber.Status.ACTIVE)
                | Q(subscriber__isnull=True)
            ).values_list("pk", flat=True)
        )
        if gone:
            Delivery.objects.filter(pk__in=gone).update(
                status=Delivery.Status.SUPPRESSED
            )
    rows.update(status=Delivery.Status.SENDING)
    return list(
        Delivery.objects.filter(
            batch_id=claim.batch_id, status=Delivery.Status.SENDING
        ).only("pk", "address", "language", "message_id", "recipient_key")
    )


def _delivered_sql() -> str:
    # Only quoted identifiers of our own model are interpolated; every value
    # is a parameter.
    quote = connection.ops.quote_name
    return (
        f"UPDATE {quote(Delivery._meta.db_table)} SET {quote('status')} = %s, "  # noqa: S608
        f"{quote('delivered_at')} = %s, {quote('remote_id')} = %s "
        f"WHERE {quote('id')} = %s"
    )


def delivery_delivered(*, delivery_id: int, remote_id: str = "") -> None:
    """Record that the receiving side accepted the message: one autocommit
    statement sent right after the acceptance (see the residual window).

    Written as one plain parameterised ``UPDATE`` rather than through
    ``QuerySet.update``: this runs once per message on the hot path, and
    compiling the query each time cost more than the round trip itself.
    """
    if connection.in_atomic_block:
        # Inside a caller's transaction the ORM path is just as good, and keeps
        # the usual savepoint semantics.
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.DELIVERED,
            delivered_at=timezone.now(),
            remote_id=remote_id,
        )
        return
    with connection.cursor() as cursor:
        cursor.execute(
            _delivered_sql(),
            [
                Delivery.Status.DELIVERED.value,
                connection.ops.adapt_datetimefield_value(timezone.now()),
                remote_id,
                delivery_id,
            ],
        )


def deliveries_record(
    *,
    delivered: list[int] | None = None,
    failed: dict[int, str] | None = None,
    deferred: dict[int, str] | None = None,
) -> None:
    """Record several outcomes at once (failures and deferrals of a batch)."""
    if delivered:
        Delivery.objects.filter(pk__in=delivered).update(
            status=Delivery.Status.DELIVERED, delivered_at=timezone.now()
        )
    for pk, error in (failed or {}).items():
        Delivery.objects.filter(pk=pk).update(
            status=Delivery.Status.FAILED, last_error=error[:500]
        )
    for pk, error in (deferred or {}).items():
        Delivery.objects.filter(pk=pk).update(
            status=Delivery.Status.DEFERRED, last_error=error[:500]
        )


def backoff(attempts: int) -> dt.timedelta:
    """Delay before attempt ``attempts + 1``: base × 2^(attempts − 1), capped."""
    base = dt.timedelta(seconds=settings.CITYHALL_NOTICES_RETRY_BASE_SECONDS)
    return min(base * 2 ** max(0, min(attempts - 1, 20)), _MAX_BACKOFF)


def batch_finish(*, claim: Claim) -> str:
    """Close a worked batch: done when nothing is left, else queued again after
    a backoff for its deferred deliveries (those out of attempts fail).

    Only the holder of the current claim can finish the batch.
    """
    with transaction.atomic():
        batch = (
            DeliveryBatch.objects.select_for_update()
            .filter(pk=claim.batch_id, claims=claim.claims)
            .first()
        )
        if batch is None:
            return "lost"
        # Whatever is still "sending" was not handed over: count it as deferred.
        Delivery.objects.filter(
            batch_id=batch.pk, status=Delivery.Status.SENDING
        ).update(status=Delivery.Status.DEFERRED)
        deferred = Delivery.objects.filter(
            batch_id=batch.pk, status=Delivery.Status.DEFERRED
        )
        deferred.update(attempts=F("attempts") + 1)
        deferred.filter(attempts__gte=settings.CITYHALL_NOTICES_MAX_ATTEMPTS).update(
            status=Delivery.Status.FAILED
        )
        attempts = list(deferred.values_list("attempts", flat=True))
        if attempts:
            batch.status = DeliveryBatch.Status.QUEUED
            batch.available_at = timezone.now() + backoff(min(attempts))
            outcome = "retry"
        else:
            batch.status = DeliveryBatch.Status.DONE
            outcome = "done"
        batch.lease_until = None
        batch.save(update_fields=["status", "available_at", "lease_until"])
    return outcome
