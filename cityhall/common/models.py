"""Base models every Cityhall app builds on."""

import uuid

from django.db import models


class TimeStampedModel(models.Model):
    """Adds ``created_at``/``updated_at`` (stored in UTC)."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class PublicIdModel(TimeStampedModel):
    """A model reachable from public URLs by an unguessable UUID, never its pk."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
