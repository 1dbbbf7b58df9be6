"""Email alerts in the interface languages: the pages under /az/alerts/ are Azerbaijani, and a
subscription made on a Russian page gets its emails in Russian, with links to the Russian pages that
open them (followed here with the test client), however the send was started."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from alerts.announce import announce_new_pieces
from alerts.models import Subscription
from tests.factories import ArticleFactory, AuthorFactory

from .helpers import outbox

pytestmark = pytest.mark.django_db

#: Any link of ours in an email's text, as the path the test client asks for.
LINK = re.compile(re.escape(settings.SITE_URL) + r"(/\S*)")


@pytest.fixture
def author():
    author = AuthorFactory(name="Farid Guliyev", slug="farid-guliyev")
    ArticleFactory(title="An older piece", authors=[author], published_at=timezone.now() - timedelta(days=3))
    return author


def links(message):
    return LINK.findall(message.body)


def link_to(message, which):
    return next(path for path in links(message) if f"/alerts/{which}/" in path)


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def heading(response):
    html = response.content.decode()
    return " ".join(re.search(r'<h1 class="page-head__title">(.*?)</h1>', html, re.S).group(1).split())


def test_the_alerts_pages_under_az_are_in_azerbaijani(client, author):
    subscribe_page = client.get("/az/alerts/?author=farid-guliyev")
    answer = client.post("/az/alerts/?author=farid-guliyev", {"email": "oxucu@example.org", "frequency": "weekly"})
    sent_page = client.get(answer["Location"])
    message = outbox("alert_confirm")[-1]
    confirm_page = client.get(link_to(message, "confirm"))
    confirmed_page = client.post(link_to(message, "confirm"))
    unsubscribe_page = client.get(link_to(message, "unsubscribe"))

    assert answer["Location"] == "/az/alerts/sent/"
    pages = [subscribe_page, sent_page, confirm_page, confirmed_page, unsubscribe_page]
    assert [page.status_code for page in pages] == [200] * 5
    assert [html_lang(page) for page in pages] == ["az"] * 5
    assert [heading(page) for page in pages] == [
        "<bdi>Farid Guliyev</bdi> tərəfindən yeni yazıları e-poçtla göndərin",
        "Poçt qutunuzu yoxlayın",
        "Abunəliyinizi təsdiqləyin",
        "Abunə oldunuz",
        "Bu məktubları dayandırın",
    ]
    assert "Farid Guliyev tərəfindən yazılar" in confirmed_page.content.decode()
    assert Subscription.objects.get(email="oxucu@example.org").language == "az"


def test_a_bad_link_under_az_says_so_in_azerbaijani(client):
    response = client.get("/az/alerts/confirm/not-a-token/")

    assert response.status_code == 404
    assert (html_lang(response), heading(response)) == ("az", "Bu keçid işləmir")


def test_the_form_explains_its_errors_in_azerbaijani(client):
    response = client.post("/az/alerts/", {"email": "not an address", "frequency": "daily"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Hələ heç nə göndərilməyib: zəhmət olmasa, aşağıda qeyd olunanları düzəldin." in html
    assert "Düzgün e-poçt ünvanı daxil edin, məsələn, name@example.org." in html
    assert "Göstərilən iki tezlikdən birini seçin." in html


def test_a_subscription_made_on_a_russian_page_is_confirmed_in_russian_with_links_that_work(author):
    reader = Client()
    assert reader.post("/ru/alerts/?author=farid-guliyev", {"email": "chitatel@example.org", "frequency": "immediate"})

    [message] = outbox("alert_confirm")
    confirm, unsubscribe = link_to(message, "confirm"), link_to(message, "unsubscribe")
    assert message.subject == f"{settings.SITE['short_name']}: подтвердите подписку на рассылку"
    assert "Кто-то (вероятно, вы) попросил на сайте" in message.body
    assert "публикации автора Farid Guliyev" in message.body
    assert "Ссылка действует 3 дня." in message.body
    assert confirm.startswith("/ru/alerts/confirm/")
    assert unsubscribe.startswith("/ru/alerts/unsubscribe/")
    assert message.headers["List-Unsubscribe"] == f"<{settings.SITE_URL}{unsubscribe}>"

    page = Client().get(confirm)  # opened from the mail program: no cookie of the form's visit
    assert (page.status_code, html_lang(page), heading(page)) == (200, "ru", "Подтвердите подписку")
    done = Client().post(confirm)
    assert (done.status_code, heading(done)) == (200, "Вы подписаны")
    assert Subscription.objects.get().status == Subscription.Status.CONFIRMED
    stop = Client().get(unsubscribe)
    assert (stop.status_code, html_lang(stop), heading(stop)) == (200, "ru", "Отказаться от этих писем")


@pytest.mark.parametrize("started_in", ["en-gb", "tr"])
def test_a_russian_subscribers_alert_links_to_the_russian_pages_whatever_language_sends_it(author, started_in):
    reader = Client()
    reader.post("/ru/alerts/?author=farid-guliyev", {"email": "chitatel@example.org", "frequency": "immediate"})
    reader.post(link_to(outbox("alert_confirm")[-1], "confirm"))
    ArticleFactory(title="Баку и Средний коридор", slug="baku", authors=[author], published_at=timezone.now())

    with translation.override(started_in):  # send_emails (English) or the first request after, on a Turkish page
        announce_new_pieces()

    [alert] = outbox("alert_piece")
    assert links(alert) == ["/ru/articles/baku/", link_to(alert, "unsubscribe")]
    assert link_to(alert, "unsubscribe").startswith("/ru/alerts/unsubscribe/")
    assert "Автор: Farid Guliyev" in alert.body  # the byline's words too
    assert "Читать:" in alert.body
    assert "Отказаться от этих писем:" in alert.body
    piece = Client().get("/ru/articles/baku/")
    assert (piece.status_code, html_lang(piece)) == (200, "ru")
    stopped = Client().post(link_to(alert, "unsubscribe"), {"List-Unsubscribe": "One-Click"})
    assert (stopped.status_code, heading(stopped)) == (200, "Вы отписались")


def test_an_english_subscription_keeps_unprefixed_links_when_a_russian_page_sends(client, author):
    client.post("/alerts/?author=farid-guliyev", {"email": "reader@example.org", "frequency": "immediate"})
    client.post(link_to(outbox("alert_confirm")[-1], "confirm"))
    ArticleFactory(title="Baku and the Middle Corridor", slug="baku", authors=[author], published_at=timezone.now())

    with translation.override("ru"):
        announce_new_pieces()

    [alert] = outbox("alert_piece")
    assert links(alert)[0] == "/articles/baku/"
    assert link_to(alert, "unsubscribe").startswith("/alerts/unsubscribe/")
    assert "By Farid Guliyev" in alert.body
    assert "Read it:" in alert.body
