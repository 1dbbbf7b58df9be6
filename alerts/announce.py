"""Announcing the pieces that went live, once each, and sending the weekly digests.

``announce_new_pieces()`` runs at the start of every round of ``manage.py send_emails`` and after
the first request of each new content version (alerts/trigger.py). It looks for live pieces
published after the earliest confirmation that have no ``Announcement`` yet, and announces each in
its own transaction: the ledger row first (``Announcement.article`` is unique, so of two workers
announcing a piece at once, one inserts it and the other gets an ``IntegrityError`` and skips the
piece), then, in the same transaction, one email per address following it immediately and a digest
entry per weekly follower. A follower who confirmed after the piece's publication time is not sent
it; a piece that is not live when the announcer looks (a draft again, still scheduled) is not
announced, and a digest sends only the pieces still live when it goes out.

A weekly digest is claimed by moving its subscription's ``next_digest_at`` on with a compare-and-set
``UPDATE`` (only the worker whose update changed the row sends it), on SQLite and PostgreSQL alike.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from articles.interface import live_pieces, live_pieces_since

from . import emails
from .models import Announcement, DigestEntry, Subscription
from .services import DIGEST_INTERVAL

logger = logging.getLogger(__name__)

DIGESTS_PER_ROUND = 200


def announce_new_pieces(now=None):
    """Announce every newly live piece and send the digests that are due; ``(pieces, digests)``."""
    now = now or timezone.now()
    since = Subscription.objects.confirmed().aggregate(first=Min("confirmed_at"))["first"]
    if since is None:
        return 0, 0
    announced = sum(announce(piece) for piece in live_pieces_since(since, Announcement.objects.values("article_id")))
    return announced, send_due_digests(now)


def announce(piece):
    """Announce ``piece`` (``articles.interface.LivePiece``) to its followers; ``False`` if another
    worker already did."""
    try:
        with transaction.atomic():
            ledger = Announcement.objects.create(article_id=piece.pk)
            followers = (
                Subscription.objects.confirmed()
                .filter(confirmed_at__lt=piece.published_at)
                .following(piece)
                .for_emails()
                .order_by("pk")
            )
            emailed, waiting = set(), {}
            for subscription in followers:
                if subscription.frequency == Subscription.Frequency.IMMEDIATE:
                    if subscription.email not in emailed:
                        emails.queue_piece(subscription, piece)
                        emailed.add(subscription.email)
                else:
                    waiting.setdefault(subscription.email, subscription)
            entries = [
                DigestEntry(subscription=subscription, article_id=piece.pk)
                for email, subscription in waiting.items()
                if email not in emailed
            ]
            DigestEntry.objects.bulk_create(entries)
            ledger.emails, ledger.digest_entries = len(emailed), len(entries)
            ledger.save(update_fields=["emails", "digest_entries"])
    except IntegrityError:
        logger.info("Piece %s was announced by another worker.", piece.pk)
        return False
    return True


def send_due_digests(now=None, limit=DIGESTS_PER_ROUND):
    """Send each weekly digest that is due (if it has a piece still live); how many were sent."""
    now = now or timezone.now()
    due = list(
        Subscription.objects.confirmed()
        .weekly()
        .filter(next_digest_at__lte=now)
        .for_emails()
        .order_by("next_digest_at", "pk")[:limit]
    )
    sent = 0
    for subscription in due:
        with transaction.atomic():
            claimed = Subscription.objects.filter(
                pk=subscription.pk, status=Subscription.Status.CONFIRMED, next_digest_at=subscription.next_digest_at
            ).update(next_digest_at=max(subscription.next_digest_at + DIGEST_INTERVAL, now))
            if not claimed:
                continue  # another worker sent it, or the reader left
            waiting = list(subscription.digest_entries.values_list("article_id", flat=True))
            pieces = live_pieces(waiting) if waiting else []
            if pieces:
                emails.queue_digest(subscription, pieces)
                sent += 1
            subscription.digest_entries.filter(article_id__in=waiting).delete()
    return sent
