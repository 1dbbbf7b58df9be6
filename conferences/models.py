"""Conferences and their calls for papers. (Being built: see issue 3.)"""

from django.db import models
from django.utils import timezone


class ConferenceQuerySet(models.QuerySet):
    def featured(self):
        """The conference to show on the home page: the open call, else the latest."""
        now = timezone.now()
        return self.filter(opens_at__lte=now, deadline__gt=now).order_by("deadline").first() or self.order_by(
            "-deadline"
        ).first()


class Conference(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    opens_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline"]

    def __str__(self):
        return self.title
