"""Mail subscriptions (よいちメール) and the durable delivery engine of notices.

* A :class:`Subscriber` is one address (no account needed) with its chosen
  categories, districts and language; it becomes ``active`` only after the
  double opt-in link is used.
* A :class:`SuppressedAddress` is never mailed again (hard bounce, repeated soft
  bounces, complaint); :class:`BounceEvent` keeps the evidence.
* A :class:`NoticeDispatch` exists once per published notice, so starting the
  delivery twice creates nothing new (unique ``page``).
* Every message to every recipient is a :class:`Delivery` row, unique per
  (notice, channel, recipient) by a database constraint; rows are grouped into
  :class:`DeliveryBatch` es (one SMTP session, one receiving domain, at most
  ``CITYHALL_NOTICES_SESSION_RECIPIENTS`` recipients) that workers claim with a
  lease. See docs/notices-delivery.md for the exactly-once argument.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel, TimeStampedModel

#: Language code of やさしい日本語 (easy Japanese) for subscribers; a BCP 47
#: private-use tag, so ``lang`` attributes stay valid ("ja").
EASY_JAPANESE = "ja-x-easy"


class Subscriber(PublicIdModel):
    """One mail subscription (メール配信登録), anonymous or tied to an account."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Active")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    #: The receiving domain, lower case (pacing groups recipients by it).
    domain = models.CharField(max_length=253, db_index=True, editable=False)
    language = models.CharField(_("language"), max_length=20, default="ja")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING
    )
    categories = models.ManyToManyField(
        "website.NewsCategory",
        blank=True,
        related_name="+",
        verbose_name=_("categories"),
    )
    districts = models.ManyToManyField(
        "core.District",
        blank=True,
        related_name="+",
        verbose_name=_("districts"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notice_subscription",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    #: Raised on every change of address state; links signed with an older
    #: value stop working (a leaked confirmation link cannot re-subscribe).
    link_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.email


class SuppressedAddress(TimeStampedModel):
    """An address the city no longer mails (配信停止): bounces or a complaint."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", _("Permanent delivery failure")
        SOFT_BOUNCES = "soft_bounces", _("Repeated temporary failures")
        COMPLAINT = "complaint", _("Spam complaint")
        MANUAL = "manual", _("Suppressed by staff")

    email = models.EmailField(max_length=254, unique=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email


class BounceEvent(TimeStampedModel):
    """One bounce (DSN, RFC 3464) or complaint (ARF, RFC 5965) about an address."""

    class Kind(models.TextChoices):
        HARD = "hard", _("Hard bounce")
        SOFT = "soft", _("Soft bounce")
        COMPLAINT = "complaint", _("Complaint")

    email = models.EmailField(max_length=254, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status_code = models.CharField(max_length=20, blank=True)
    diagnostic = models.CharField(max_length=500, blank=True)
    #: Message-ID of the bounced mail, if the report names one (dedupes reports).
    message_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "message_id", "kind"],
                condition=~Q(message_id=""),
                name="bounce_event_unique_report",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.email}"


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LINE = "line", "LINE"
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"


class NoticeDispatch(TimeStampedModel):
    """The start of a notice's delivery; one per page, so a second call is a no-op."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="notice_dispatch"
    )
    #: 0 = emergency lane, 1 = important, 2 = normal.
    priority = models.PositiveSmallIntegerField(default=2)
    channels = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"dispatch of page {self.page_id}"


class DeliveryBatch(TimeStampedModel):
    """Up to one SMTP session of work: one channel, one receiving domain group."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Done")

    dispatch = models.ForeignKey(
        NoticeDispatch, on_delete=models.CASCADE, related_name="batches"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    priority = models.PositiveSmallIntegerField(default=2)
    #: Pacing key: the receiving domain group ("docomo.ne.jp", "ezweb.ne.jp+au.com").
    domain = models.CharField(max_length=253, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    available_at = models.DateTimeField()
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    claims = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["priority", "available_at", "id"]
        indexes = [
            models.Index(
                fields=["status", "priority", "available_at", "id"],
                name="delivery_batch_claim",
            ),
            models.Index(fields=["status", "domain"], name="delivery_batch_domain"),
        ]

    def __str__(self) -> str:
        return f"batch {self.pk} ({self.channel}, {self.domain})"


class Delivery(TimeStampedModel):
    """One message of one notice on one channel to one recipient."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        DEFERRED = "deferred", _("Deferred")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Suppressed")

    # No single-column indexes on dispatch, batch and status: the composite
    # indexes below cover every look-up, and each index is one more insert on
    # every status change (once per message on the sending path).
    dispatch = models.ForeignKey(
        NoticeDispatch,
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,
    )
    batch = models.ForeignKey(
        DeliveryBatch,
        on_delete=models.SET_NULL,
        null=True,
        related_name="deliveries",
        db_index=False,
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    #: Unique key of the recipient on the channel: the subscriber's public id for
    #: mail, the channel code for a social post (one post per notice).
    recipient_key = models.CharField(max_length=64)
    #: The address at the time of queueing (a later change does not redirect it).
    address = models.CharField(max_length=254, blank=True)
    language = models.CharField(max_length=20, default="ja")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    #: Deterministic per (notice, recipient), so a resend after a crash carries
    #: the same Message-ID and receivers can tell it is the same mail.
    message_id = models.CharField(max_length=255, blank=True)
    remote_id = models.CharField(max_length=255, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "channel", "recipient_key"],
                name="delivery_unique_per_recipient",
            )
        ]
        indexes = [
            models.Index(fields=["batch", "status"], name="delivery_batch_status"),
            models.Index(
                fields=["dispatch", "channel", "status"], name="delivery_count"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.recipient_key} ({self.status})"
