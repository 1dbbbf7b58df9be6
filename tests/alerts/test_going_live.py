"""Pieces reach their followers when they go live, without cron: each round of send_emails, and the
first request of a new content version (a piece published, a scheduled one's time come), after the
response and at most once per version, adding no query to a page. Weekly digests; no hidden piece
in any email; the pages of alerts' own query counts, and the pages that link to them stay cached."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from alerts import services, trigger
from alerts.announce import announce_new_pieces, send_due_digests
from alerts.models import DigestEntry, Subscription
from articles.models import Article
from tests.articles.test_no_leaks import HIDDEN, catalogue  # noqa: F401
from tests.articles.test_views import FACETED_LIST_QUERIES, OBJECT_PAGE_QUERIES
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

from .helpers import confirmed, link, outbox, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    author = AuthorFactory(name="Farid Guliyev", slug="farid-guliyev")
    ArticleFactory(authors=[author], published_at=timezone.now() - timedelta(days=3))
    return author


def test_the_first_request_after_a_piece_is_published_queues_its_alert(client, author):
    confirmed(client, query="?author=farid-guliyev")
    ArticleFactory(title="Published now", authors=[author], published_at=timezone.now())
    cache.delete("pagecache:state")  # what publishing does once its transaction commits

    client.get("/")

    assert [m.subject for m in outbox("alert_piece")] == ["Published now"]


def test_a_scheduled_piece_is_announced_by_the_first_request_after_its_time(client, author):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        confirmed(client, query="?author=farid-guliyev")
        ArticleFactory(title="Scheduled", authors=[author], published_at=start + timedelta(minutes=30))
        cache.delete("pagecache:state")
        client.get("/")
        assert outbox("alert_piece") == []
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        client.get("/authors/")

    assert [m.subject for m in outbox("alert_piece")] == ["Scheduled"]


def test_the_request_check_runs_once_per_content_version_and_adds_no_query_to_pages(
    client, author, django_assert_num_queries
):
    confirmed(client, query="?author=farid-guliyev")
    client.get("/")  # this version has been looked at
    ArticleFactory(title="Not noticed yet", authors=[author], published_at=timezone.now())

    with django_assert_num_queries(OBJECT_PAGE_QUERIES + FACETED_LIST_QUERIES):  # the page's own, as pinned
        client.get("/authors/farid-guliyev/")
    assert outbox("alert_piece") == []  # the same content version: not looked at again
    cache.delete("pagecache:state")  # a new version
    client.get("/authors/farid-guliyev/")
    assert [m.subject for m in outbox("alert_piece")] == ["Not noticed yet"]


def test_without_a_confirmed_subscription_requests_never_look(client, author, django_assert_num_queries):
    ArticleFactory(authors=[author], published_at=timezone.now())
    subscribe(client, query="?author=farid-guliyev")  # waiting only
    assert cache.get(trigger.ARMED) is None
    with django_assert_num_queries(0):
        trigger.on_request_finished()


def test_send_emails_arms_the_request_check_again_after_the_cache_was_emptied(client, author):
    confirmed(client, query="?author=farid-guliyev")
    cache.clear()

    trigger.on_outbox_round()

    assert cache.get(trigger.ARMED) is True


def test_a_piece_back_to_draft_before_its_announcement_is_never_sent(client, author):
    confirmed(client, query="?author=farid-guliyev")
    piece = ArticleFactory(title="Withdrawn at once", authors=[author], published_at=timezone.now())
    Article.objects.filter(pk=piece.pk).update(status=Article.Status.DRAFT)

    announce_new_pieces()
    Article.objects.filter(pk=piece.pk).update(status=Article.Status.PUBLISHED)  # republished later: still once
    announce_new_pieces()

    assert [m.subject for m in outbox("alert_piece")] == ["Withdrawn at once"]


def test_weekly_followers_get_one_digest_a_week_with_the_pieces_still_live(client, author, time_machine):
    confirmed(client, frequency="weekly", query="?author=farid-guliyev")
    first = ArticleFactory(title="First of the week", authors=[author], published_at=timezone.now())
    second = ArticleFactory(title="Second of the week", authors=[author], published_at=timezone.now())
    gone = ArticleFactory(title="Unpublished again", authors=[author], published_at=timezone.now())
    announce_new_pieces()
    Article.objects.filter(pk=gone.pk).update(status=Article.Status.DRAFT)
    assert outbox("alert_piece") == []
    assert DigestEntry.objects.count() == 3
    assert send_due_digests() == 0  # not due yet

    time_machine.move_to(timezone.now() + timedelta(days=7, minutes=1))
    assert announce_new_pieces() == (0, 1)
    assert send_due_digests() == 0  # sent once

    [digest] = outbox("alert_digest")
    assert digest.subject == "CCSIS: 2 new pieces this week"
    assert first.title in digest.body
    assert second.title in digest.body
    assert "Unpublished again" not in digest.body
    assert digest.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert DigestEntry.objects.count() == 0
    time_machine.move_to(timezone.now() + timedelta(days=7, minutes=1))
    assert send_due_digests() == 0  # nothing new: no empty digest


def test_unsubscribing_drops_the_waiting_digest(client, author):
    message = confirmed(client, frequency="weekly", query="?author=farid-guliyev")
    ArticleFactory(authors=[author], published_at=timezone.now())
    announce_new_pieces()

    client.post(link(message, "unsubscribe"), {"List-Unsubscribe": "One-Click"})

    assert (DigestEntry.objects.count(), Subscription.objects.get().next_digest_at) == (0, None)


def test_no_email_ever_names_a_draft_a_piece_in_review_or_a_scheduled_piece(client, catalogue):  # noqa: F811
    queries = ["", "?author=author", "?series=series", "?tag=caspian"]
    for i, query in enumerate(queries):
        confirmed(client, f"now{i}@example.org", query=query)
        confirmed(client, f"weekly{i}@example.org", frequency="weekly", query=query)
    Subscription.objects.update(confirmed_at=timezone.now() - timedelta(days=30))
    Subscription.objects.filter(frequency="weekly").update(next_digest_at=timezone.now())
    services.subscribe("now0@example.org", "all", None, "immediate", "en", now=timezone.now() + timedelta(hours=1))

    announce_new_pieces()

    assert {m.kind for m in outbox()} == {"alert_confirm", "alert_piece", "alert_digest", "alert_already"}
    for message in outbox():
        text = f"{message.subject}\n{message.body}".lower()
        assert [w for w in [*HIDDEN, "hidden caspian"] if w in text] == [], message.body
    assert sorted(m.to for m in outbox("alert_piece")) == [f"now{i}@example.org" for i in range(4)]
    assert sorted(m.to for m in outbox("alert_digest")) == [f"weekly{i}@example.org" for i in range(4)]
    assert {m.subject for m in outbox("alert_piece")} == {"Public caspian piece"}


@pytest.mark.parametrize("query", ["?author=ghost-author", "?series=ghost-series", "?tag=ghost-topic"])
def test_one_cannot_follow_what_only_hidden_pieces_use(client, catalogue, query):  # noqa: F811
    assert client.get(f"/alerts/{query}").status_code == 404


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/alerts/", 0),  # every new piece: nothing to look up
        ("/alerts/?author=farid-guliyev", 1),  # the author, if a published piece is theirs
        ("/alerts/?series=energy", 1),
        ("/alerts/?tag=caspian", 1),
        ("/alerts/sent/", 0),
    ],
)
@pytest.mark.parametrize("prefix", ["", "/az", "/ru", "/tr"])  # the same in every interface language
def test_the_subscribe_pages_run_the_same_queries_for_1_or_3_pieces(
    client, django_assert_num_queries, n, path, queries, prefix
):
    author, series = AuthorFactory(name="Farid Guliyev"), SeriesFactory(slug="energy")
    ArticleFactory.create_batch(n, authors=[author], series=series, tags=["Caspian"])

    with django_assert_num_queries(queries):
        response = client.get(f"{prefix}{path}")

    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("which", ["confirm", "unsubscribe"])
@pytest.mark.parametrize("prefix", ["", "/az", "/ru", "/tr"])
def test_the_link_pages_run_one_query_for_1_or_3_subscriptions(client, django_assert_num_queries, n, which, prefix):
    author = AuthorFactory(name="Farid Guliyev")
    ArticleFactory(authors=[author], tags=["Caspian"])
    for i in range(n):
        subscribe(client, f"r{i}@example.org", query="?author=farid-guliyev")
    path = link(outbox("alert_confirm")[-1], which)

    with django_assert_num_queries(1):  # the subscription with what it follows
        response = client.get(f"{prefix}{path}")

    assert "Farid Guliyev" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "box"),
    [
        ("/authors/farid-guliyev/", "/alerts/?author=farid-guliyev"),
        ("/series/energy/", "/alerts/?series=energy"),
        ("/tags/caspian/", "/alerts/?tag=caspian"),
    ],
)
def test_author_series_and_topic_pages_link_to_their_alerts_and_stay_cached(
    client, settings, django_assert_num_queries, path, box
):
    settings.PAGE_CACHE_SECONDS = 600
    ArticleFactory(authors=[AuthorFactory(name="Farid Guliyev")], series=SeriesFactory(slug="energy"), tags=["Caspian"])

    first = client.get(path)
    with django_assert_num_queries(0):
        second = client.get(path)

    assert f'href="{box}"' in first.content.decode()
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert second.content == first.content
    assert client.get(box).status_code == 200


def test_the_footer_links_to_email_alerts(client):
    assert '<a href="/alerts/">Email alerts</a>' in client.get("/").content.decode()


def test_a_failing_receiver_of_the_outbox_round_stops_no_email(client, author, caplog):
    from conferences.delivery import send_due_emails
    from conferences.interface import OUTBOX_ROUND, queue_email

    def broken(**kwargs):
        raise RuntimeError("broken receiver")

    OUTBOX_ROUND.connect(broken, dispatch_uid="test-broken")
    try:
        queue_email("someone@example.org", "Still sent", "Text.", headers={"X-Test": "1"})
        assert send_due_emails() == (1, 0)
    finally:
        OUTBOX_ROUND.disconnect(dispatch_uid="test-broken")
    assert "broken receiver" in caplog.text
