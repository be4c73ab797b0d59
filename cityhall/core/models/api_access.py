"""Access to the REST API beyond the browser session: residents' personal API
tokens, and the ``Idempotency-Key`` records that make creating requests safe to
retry (docs/api.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import PublicIdModel, TimeStampedModel


class ApiToken(PublicIdModel):
    """A resident's personal API token (個人用APIトークン).

    Only a SHA-256 of the token is stored: the token itself is shown once, when
    it is created. ``prefix`` (the first characters of the token) lets the
    resident tell their tokens apart and is not enough to use one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="resident_api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotencyRecord(TimeStampedModel):
    """One ``Idempotency-Key`` a client sent to a creating endpoint.

    The unique constraint on (user, key, method, path) is what lets exactly one
    of two concurrent requests with the same key run; the other finds this row.
    ``fingerprint`` is the SHA-256 of the request body in canonical form, so the
    same key with another body is recognised and refused. Once the request has
    been answered, its status and body are kept until ``expires_at`` and replayed.
    """

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.IN_PROGRESS
    )
    # When the request running under this key started (or took over a stale one).
    locked_at = models.DateTimeField()
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    # The answer's JSON text exactly as first sent: a replay is byte-identical
    # (a JSON column would not keep key order on PostgreSQL).
    response_body = models.TextField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "method", "path"],
                name="core_idempotency_record_unique_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
