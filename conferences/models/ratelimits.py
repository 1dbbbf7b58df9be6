"""What the per-address rate limit on public submissions remembers (conferences/ratelimit.py)."""

from django.db import models
from django.utils import timezone


class RateLimitHit(models.Model):
    """One stored submission from one client address (kept hashed), for the per-address rate limit."""

    scope = models.CharField(max_length=30)
    client = models.CharField(max_length=64, help_text="A keyed hash of the address, never the address itself.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "client", "created_at"], name="rate_limit_lookup_idx")]

    def __str__(self):
        return f"{self.scope} from {self.client[:8]}… at {self.created_at:%Y-%m-%d %H:%M}"
