"""A reader's way through email alerts, on the server side: subscribe, confirm, a piece goes live,
the alert is queued with its one-click unsubscribe and delivered, the one-click POST stops it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from alerts.announce import announce_new_pieces
from alerts.models import Announcement, Subscription
from conferences.delivery import send_due_emails
from tests.factories import ArticleFactory, AuthorFactory

from .helpers import confirmed, link, outbox, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    author = AuthorFactory(name="Farid Guliyev", slug="farid-guliyev")
    ArticleFactory(title="An older piece", authors=[author], published_at=timezone.now() - timedelta(days=3))
    return author


def test_subscribing_queues_only_a_confirmation_and_answers_check_your_inbox(client, author):
    response = subscribe(client, "Reader@Example.org", query="?author=farid-guliyev")

    assert (response.status_code, response["Location"]) == (302, "/alerts/sent/")
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.kind, subscription.author, subscription.status) == (
        "reader@example.org",
        "author",
        author,
        "pending",
    )
    [message] = outbox()
    assert (message.kind, message.to) == ("alert_confirm", "reader@example.org")
    assert "pieces by Farid Guliyev" in message.body
    assert link(message, "confirm").startswith("/alerts/confirm/")
    assert "Check your inbox" in client.get("/alerts/sent/").content.decode()


def test_the_confirmation_link_shows_a_button_and_only_the_post_confirms(client, author):
    subscribe(client, query="?author=farid-guliyev")
    path = link(outbox()[0], "confirm")

    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm my subscription" in page.content.decode()
    assert Subscription.objects.get().status == "pending"  # a mail scanner's GET confirms nothing

    done = client.post(path)
    assert "You are subscribed" in done.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.status == "confirmed"
    assert subscription.confirmed_at is not None
    assert "already confirmed" in client.post(path).content.decode()


def test_a_piece_published_after_confirming_is_queued_with_list_unsubscribe_and_delivered(client, author):
    confirmed(client, query="?author=farid-guliyev")
    piece = ArticleFactory(title="Baku and the Middle Corridor", authors=[author], published_at=timezone.now())

    sent, failed = send_due_emails()  # the round notices the new piece first, then sends

    [alert] = outbox("alert_piece")
    unsubscribe = link(alert, "unsubscribe")
    assert alert.subject == "Baku and the Middle Corridor"
    assert f"{settings.SITE_URL}{piece.get_absolute_url()}" in alert.body
    assert alert.headers == {
        "List-Unsubscribe": f"<{settings.SITE_URL}{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert (sent, failed) == (2, 0)  # the confirmation and the alert
    delivered = mail.outbox[-1]
    assert delivered.subject == "Baku and the Middle Corridor"
    assert delivered.extra_headers["List-Unsubscribe"] == f"<{settings.SITE_URL}{unsubscribe}>"
    assert delivered.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert delivered.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Announcement.objects.get().article == piece


def test_the_one_click_post_unsubscribes_without_cookie_or_csrf_token(author):
    client = Client(enforce_csrf_checks=True)
    confirmed(Client(), query="?author=farid-guliyev")
    ArticleFactory(title="A new piece", authors=[author], published_at=timezone.now())
    announce_new_pieces()
    path = link(outbox("alert_piece")[0], "unsubscribe")

    response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert Subscription.objects.get().status == "unsubscribed"
    ArticleFactory(title="Another new piece", authors=[author], published_at=timezone.now())
    announce_new_pieces()
    assert [m.subject for m in outbox("alert_piece")] == ["A new piece"]


def test_the_unsubscribe_link_opens_a_page_with_a_button_and_a_get_changes_nothing(client, author):
    confirmed(client, query="?author=farid-guliyev")
    path = link(outbox("alert_confirm")[0], "unsubscribe")

    page = client.get(path)

    assert "Stop these emails" in page.content.decode()
    assert 'name="List-Unsubscribe" value="One-Click"' in page.content.decode()
    assert Subscription.objects.get().status == "confirmed"
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in page["Cache-Control"]


def test_a_post_without_the_one_click_body_unsubscribes_nothing(client, author):
    confirmed(client, query="?author=farid-guliyev")
    path = link(outbox("alert_confirm")[0], "unsubscribe")

    assert client.post(path, {"something": "else"}).status_code == 400
    assert Subscription.objects.get().status == "confirmed"


def test_a_piece_published_before_the_confirmation_is_not_sent(client, author):
    ArticleFactory(title="Published just before", authors=[author], published_at=timezone.now())
    confirmed(client, query="?author=farid-guliyev")

    announce_new_pieces()

    assert outbox("alert_piece") == []


def test_each_piece_is_announced_once_however_often_the_announcer_runs(client, author):
    confirmed(client, query="?author=farid-guliyev")
    ArticleFactory(title="Once only", authors=[author], published_at=timezone.now())

    assert announce_new_pieces() == (1, 0)
    assert announce_new_pieces() == (0, 0)
    send_due_emails()
    send_due_emails()

    assert [m.subject for m in outbox("alert_piece")] == ["Once only"]
    assert [m.subject for m in mail.outbox].count("Once only") == 1


def test_an_address_following_an_author_and_everything_gets_one_email_per_piece(client, author):
    confirmed(client, query="?author=farid-guliyev")
    confirmed(client)  # everything
    ArticleFactory(title="Followed twice", authors=[author], published_at=timezone.now())

    announce_new_pieces()

    assert [(m.to, m.subject) for m in outbox("alert_piece")] == [("reader@example.org", "Followed twice")]


def test_followers_of_a_series_and_of_a_topic_get_its_pieces_and_no_other(client):
    from tests.factories import SeriesFactory

    series = SeriesFactory(title="Energy Routes", slug="energy-routes")
    ArticleFactory(series=series, tags=["Caspian"], published_at=timezone.now() - timedelta(days=2))
    confirmed(client, "series@example.org", query="?series=energy-routes")
    confirmed(client, "topic@example.org", query="?tag=caspian")
    ArticleFactory(title="Part two", series=series, published_at=timezone.now())
    ArticleFactory(title="On the Caspian", tags=["Caspian"], published_at=timezone.now())
    ArticleFactory(title="Elsewhere", published_at=timezone.now())

    announce_new_pieces()

    assert sorted((m.to, m.subject) for m in outbox("alert_piece")) == [
        ("series@example.org", "Part two"),
        ("topic@example.org", "On the Caspian"),
    ]
