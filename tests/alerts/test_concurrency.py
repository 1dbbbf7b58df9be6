"""Announcers running at the same moment (send_emails on two machines, a request beside it) announce
each piece once and send each digest once: real threads, each with its own database connection, on
SQLite and on PostgreSQL (where they truly overlap)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from alerts import services
from alerts.announce import announce_new_pieces, send_due_digests
from alerts.models import Announcement, Subscription
from tests.factories import ArticleFactory, AuthorFactory

from .helpers import outbox

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 6


def at_once(work, workers=WORKERS):
    """Run ``work()`` in ``workers`` threads released together; their results."""
    barrier = threading.Barrier(workers)

    def run(_i):
        barrier.wait()
        try:
            return work()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, range(workers)))


def follower(email, frequency="immediate", kind="all", target=None):
    services.subscribe(email, kind, target, frequency, "en")
    subscription = Subscription.objects.get(email=email)
    services.confirm(subscription, now=timezone.now() - timedelta(days=1))
    return subscription


def test_concurrent_announcers_announce_each_piece_once(transactional_db):
    author = AuthorFactory()
    for i in range(5):
        follower(f"reader{i}@example.org", kind="author", target=author.pk)
    pieces = [ArticleFactory(authors=[author], published_at=timezone.now()) for _ in range(4)]

    results = at_once(announce_new_pieces)

    print(f"\n{WORKERS} announcers at once on {connection.vendor}: {[r[0] for r in results]} pieces each")
    assert sum(announced for announced, _digests in results) == 4
    assert Announcement.objects.count() == 4
    sent = sorted((m.to, m.subject) for m in outbox("alert_piece"))
    assert sent == sorted((f"reader{i}@example.org", p.title) for i in range(5) for p in pieces)


def test_concurrent_digest_senders_send_each_digest_once(transactional_db):
    for i in range(4):
        follower(f"weekly{i}@example.org", frequency="weekly")
    ArticleFactory(title="In the digest", published_at=timezone.now())
    announce_new_pieces()
    Subscription.objects.update(next_digest_at=timezone.now() - timedelta(minutes=1))

    results = at_once(send_due_digests)

    assert sum(results) == 4
    assert sorted(m.to for m in outbox("alert_digest")) == [f"weekly{i}@example.org" for i in range(4)]


def test_the_same_address_subscribing_at_once_is_stored_once_with_one_confirmation(transactional_db):
    results = at_once(lambda: services.subscribe("twice@example.org", "all", None, "immediate", "en"))

    assert Subscription.objects.filter(email="twice@example.org").count() == 1
    assert sorted(results, reverse=True)[0] == "alert_confirm"
    assert len(outbox("alert_confirm")) == 1
