"""Liveness of background workers, reported by /healthz."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """The last time each worker process said it was alive."""

    worker_id = models.CharField(max_length=100, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return self.worker_id
