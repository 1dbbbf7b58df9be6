"""The subscribe form tells nobody whether an address is known, refuses floods and bad addresses, and
every bad link gets a page that says what happened (never a server error)."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from alerts import tokens
from alerts.models import Subscription
from tests.factories import ArticleFactory, AuthorFactory

from .helpers import confirmed, link, outbox, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def author():
    author = AuthorFactory(name="Leyla Aliyeva", slug="leyla-aliyeva")
    ArticleFactory(authors=[author])
    return author


def answer(client, email):
    response = subscribe(client, email, query="?author=leyla-aliyeva", follow=True)
    return response.status_code, tuple(response.redirect_chain), response.content


def test_the_answer_is_the_same_for_a_new_a_waiting_a_confirmed_and_an_unsubscribed_address(client):
    subscribe(client, "waiting@example.org", query="?author=leyla-aliyeva")
    confirmed(client, "confirmed@example.org", query="?author=leyla-aliyeva")
    confirmed(client, "left@example.org", query="?author=leyla-aliyeva")
    left = Subscription.objects.get(email="left@example.org")
    client.post(link(outbox("alert_confirm")[-1], "unsubscribe"), {"List-Unsubscribe": "One-Click"})
    assert Subscription.objects.get(pk=left.pk).status == "unsubscribed"

    answers = {
        email: answer(client, email)
        for email in ["new@example.org", "waiting@example.org", "confirmed@example.org", "left@example.org"]
    }

    assert len(set(answers.values())) == 1, answers
    assert answers["new@example.org"][:2] == (200, (("/alerts/sent/", 302),))


def test_timing_is_of_one_class_for_new_and_confirmed_addresses(client):
    confirmed(client, "confirmed@example.org", query="?author=leyla-aliyeva")

    def took(email):
        started = time.perf_counter()
        subscribe(client, email, query="?author=leyla-aliyeva")
        return time.perf_counter() - started

    new = min(took(f"new{i}@example.org") for i in range(3))
    known = min(took("confirmed@example.org") for _ in range(3))
    assert known < 3 * new + 0.05, (new, known)
    assert new < 3 * known + 0.05, (new, known)


def test_a_confirmed_address_gets_at_most_an_already_subscribed_email_not_a_flood(client):
    confirmed(client, "confirmed@example.org", query="?author=leyla-aliyeva")
    subscribe(client, "confirmed@example.org", query="?author=leyla-aliyeva")  # just confirmed: nothing more
    Subscription.objects.update(emailed_at=timezone.now() - timedelta(minutes=11))
    for _ in range(4):
        subscribe(client, "confirmed@example.org", query="?author=leyla-aliyeva")

    kinds = [m.kind for m in outbox() if m.to == "confirmed@example.org"]
    assert kinds == ["alert_confirm", "alert_already"]
    assert "already receive them" in outbox("alert_already")[0].body


def test_a_waiting_address_asked_again_gets_no_second_confirmation_within_ten_minutes(client):
    for _ in range(3):
        subscribe(client, "waiting@example.org", query="?author=leyla-aliyeva")
    assert len(outbox("alert_confirm")) == 1

    Subscription.objects.update(emailed_at=timezone.now() - timedelta(minutes=11))
    subscribe(client, "waiting@example.org", query="?author=leyla-aliyeva")
    assert len(outbox("alert_confirm")) == 2


def test_an_unsubscribed_address_that_subscribes_again_must_confirm_again_and_old_links_die(client):
    first = confirmed(client, query="?author=leyla-aliyeva")
    client.post(link(first, "unsubscribe"), {"List-Unsubscribe": "One-Click"})
    Subscription.objects.update(emailed_at=None)

    subscribe(client, query="?author=leyla-aliyeva")

    assert Subscription.objects.get().status == "pending"
    assert client.get(link(first, "confirm")).status_code == 404
    assert client.get(link(first, "unsubscribe")).status_code == 404
    assert client.post(link(outbox("alert_confirm")[-1], "confirm")).status_code == 200
    assert Subscription.objects.get().status == "confirmed"


def test_too_many_subscriptions_from_one_address_are_refused_with_429_and_the_form_kept(client, settings):
    settings.SUBMISSION_RATE_LIMIT = 2
    assert [subscribe(client, f"r{i}@example.org").status_code for i in range(2)] == [302, 302]

    refused = subscribe(client, "third@example.org")

    assert refused.status_code == 429
    assert "Too many subscriptions have come from your address" in refused.content.decode()
    assert 'value="third@example.org"' in refused.content.decode()
    assert Subscription.objects.filter(email="third@example.org").exists() is False
    other = subscribe(client, "fourth@example.org", REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the address the emails should go to."),
        ("not an address", "Enter a valid email address, such as name@example.org."),
        ("reader@localhost", "Enter an address at a public domain"),
        ("reader@[127.0.0.1]", "Enter an address at a public domain"),
        ("reader@intranet.corp", "Enter an address at a public domain"),
        ("reader@example.org\r\nBcc: victim@example.com", "Keep this on one line"),
        ("reader@example.org\nBcc: victim@example.com", "Keep this on one line"),
        ("reader@example.org\rSubject: spam", "Keep this on one line"),
        ("reader\x00@example.org", "invisible control character"),
        ("a" * 250 + "@example.org", "Ensure this value has at most 254 characters"),
    ],
)
def test_bad_addresses_are_refused_with_a_message_and_nothing_is_stored(client, email, message):
    response = subscribe(client, email)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Subscription.objects.count(), outbox()) == (0, [])


def test_a_frequency_that_is_not_offered_is_refused(client):
    response = subscribe(client, frequency="hourly")

    assert response.status_code == 400
    assert "Choose one of the two frequencies listed." in response.content.decode()


@pytest.mark.parametrize("query", ["?author=nobody", "?series=nothing", "?tag=no-such-topic"])
def test_following_something_unknown_is_a_404(client, query):
    assert client.get(f"/alerts/{query}").status_code == 404
    assert subscribe(client, query=query).status_code == 404
    assert Subscription.objects.count() == 0


def forged(purpose):
    return [
        "not-a-token",
        signing.dumps([1, "guessed"], salt=purpose),
        signing.dumps([1, "guessed"], salt="another.purpose"),
        signing.dumps(["1", 2], salt=purpose),
        signing.dumps({"pk": 1}, salt=purpose),
        signing.dumps([1, "x"], salt=purpose)[:-3] + "abc",
        "%00",
    ]


@pytest.mark.parametrize("purpose", ["confirm", "unsubscribe"])
def test_forged_or_damaged_tokens_get_a_clear_404_page_on_get_and_post(client, purpose):
    salt = tokens.CONFIRM if purpose == "confirm" else tokens.UNSUBSCRIBE
    subscribe(client)
    for token in forged(salt):
        for method in (client.get, client.post):
            response = method(f"/alerts/{purpose}/{token}/")
            assert response.status_code == 404, (token, method)
            assert Subscription.objects.get().status == "pending"
    assert "This link does not work" in client.get(f"/alerts/{purpose}/not-a-token/").content.decode()


def test_an_expired_confirmation_link_gets_a_410_page_offering_to_subscribe_again(client, time_machine):
    subscribe(client)
    path = link(outbox()[0], "confirm")
    time_machine.move_to(timezone.now() + tokens.CONFIRM_MAX_AGE + timedelta(minutes=1))

    for response in (client.get(path), client.post(path)):
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
    assert Subscription.objects.get().status == "pending"


def test_a_used_confirmation_link_says_it_is_already_confirmed(client):
    message = confirmed(client)

    response = client.get(link(message, "confirm"))

    assert (response.status_code, "already confirmed" in response.content.decode()) == (200, True)


def test_a_deleted_subscription_s_links_open_nothing(client):
    message = confirmed(client)
    Subscription.objects.all().delete()

    assert client.post(link(message, "unsubscribe"), {"List-Unsubscribe": "One-Click"}).status_code == 404
    assert client.get(link(message, "confirm")).status_code == 404


def test_no_page_or_email_of_alerts_shows_the_address_but_the_email_itself(client):
    message = confirmed(client, "secret.reader@example.org")
    for path in ["/alerts/sent/", link(message, "confirm"), link(message, "unsubscribe")]:
        assert "secret.reader" not in client.get(path).content.decode(), path
    assert "secret.reader" not in link(message, "unsubscribe")
