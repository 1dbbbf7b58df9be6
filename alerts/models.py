"""Who follows what by email (``Subscription``), which pieces were announced (``Announcement``, the
ledger that makes each piece announced once), and what waits for a weekly digest (``DigestEntry``).

An address is stored in lower case, and is shown to editors in the admin only; links in emails
carry signed tokens (alerts/tokens.py), never the address.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_secret():
    return secrets.token_urlsafe(12)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscription.Status.CONFIRMED)

    def immediate(self):
        return self.filter(frequency=Subscription.Frequency.IMMEDIATE)

    def weekly(self):
        return self.filter(frequency=Subscription.Frequency.WEEKLY)

    def following(self, piece):
        """The subscriptions that ``piece`` (``articles.interface.LivePiece``) is news for."""
        return self.filter(
            Q(kind=Subscription.Kind.EVERYTHING)
            | Q(kind=Subscription.Kind.AUTHOR, author_id__in=piece.author_ids)
            | Q(kind=Subscription.Kind.SERIES, series_id=piece.series_id)
            | Q(kind=Subscription.Kind.TAG, tag_id__in=piece.tag_ids)
        )

    def for_emails(self):
        return self.select_related("author", "series", "tag")


class Subscription(models.Model):
    """One address following one thing, from the moment it confirmed (double opt-in)."""

    class Kind(models.TextChoices):
        EVERYTHING = "all", _("Every new piece")
        AUTHOR = "author", _("An author")
        SERIES = "series", _("A series")
        TAG = "tag", _("A topic")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As each piece is published")
        WEEKLY = "weekly", _("A weekly digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"), max_length=254)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EVERYTHING)
    author = models.ForeignKey("articles.Author", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    series = models.ForeignKey("articles.Series", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey("taggit.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    #: What is followed, as one value ("all", "author:12" …), so that an address follows it once.
    scope = models.CharField(max_length=40, editable=False)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    language = models.CharField(max_length=10, blank=True, help_text=_("The language of its emails."))
    #: Part of every link's token: a new one (a new subscription of an unsubscribed address) voids old links.
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a confirmation (or an “already subscribed”) email was last queued.")
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    next_digest_at = models.DateTimeField(null=True, blank=True, help_text=_("Weekly: when the next digest is due."))

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email alert subscription")
        constraints = [
            models.UniqueConstraint(fields=["email", "scope"], name="one_subscription_per_address_and_scope"),
        ]
        indexes = [models.Index(fields=["status", "frequency", "next_digest_at"], name="alerts_due_digest_idx")]

    def __str__(self):
        return f"{self.email}: {self.followed}"

    def save(self, *args, **kwargs):
        target = {"author": self.author_id, "series": self.series_id, "tag": self.tag_id}.get(self.kind)
        self.scope = self.scope_of(self.kind, target)
        super().save(*args, **kwargs)

    @staticmethod
    def scope_of(kind, pk=None):
        return "all" if kind == Subscription.Kind.EVERYTHING else f"{kind}:{pk}"

    @property
    def followed(self):
        """What the address follows, in words: “pieces by Farid Guliyev”."""
        if self.kind == self.Kind.AUTHOR:
            return _("pieces by %(name)s") % {"name": self.author.name}
        if self.kind == self.Kind.SERIES:
            return _("the series “%(name)s”") % {"name": self.series.title}
        if self.kind == self.Kind.TAG:
            return _("pieces on %(name)s") % {"name": self.tag.name}
        return _("every new piece")


class Announcement(models.Model):
    """The ledger: a piece that went live was announced to its followers, once (the unique article)."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="+")
    announced_at = models.DateTimeField(default=timezone.now)
    emails = models.PositiveIntegerField(default=0, help_text=_("Emails queued at once."))
    digest_entries = models.PositiveIntegerField(default=0, help_text=_("Pieces kept for weekly digests."))

    class Meta:
        ordering = ["-announced_at"]

    def __str__(self):
        return f"Announcement of article {self.article_id}"


class DigestEntry(models.Model):
    """A piece waiting for a weekly subscriber's next digest (checked again, live or not, when sent)."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digest_entries")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "article"], name="one_digest_entry_per_piece")]

    def __str__(self):
        return f"Article {self.article_id} for subscription {self.subscription_id}"
