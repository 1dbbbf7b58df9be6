"""A reader follows an author by email in a real browser: from the author's page to the form, the
confirmation link from the outbox, the button that confirms; a piece goes live and its alert is
queued; the reader leaves by the link in that alert. axe finds nothing on any page of the way.

Screenshot: test-artifacts/screenshots/alerts.png (the subscribe form; docs/screenshots/alerts.png)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Subscription
from conferences.delivery import send_due_emails
from tests.alerts.helpers import link, outbox
from tests.factories import ArticleFactory, AuthorFactory

from .helpers import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def author():
    author = AuthorFactory(name="Fuad Shahbazov", slug="fuad-shahbazov")
    ArticleFactory(
        title="Regional security after the war", authors=[author], published_at=timezone.now() - timedelta(days=2)
    )
    return author


def test_a_reader_subscribes_from_an_author_page_confirms_and_unsubscribes_from_an_alert(live_server, page, author):
    page.goto(f"{live_server.url}/authors/fuad-shahbazov/")
    page.get_by_role("link", name="Email me new pieces by Fuad Shahbazov").click()
    page.wait_for_url("**/alerts/?author=fuad-shahbazov")
    assert page.get_by_role("heading", level=1).inner_text() == "Email me new pieces by Fuad Shahbazov"
    assert axe_violations(page) == []
    page.get_by_label("Your email address").fill("reader@example.org")
    page.get_by_label("A weekly digest").check()
    page.get_by_label("As each piece is published").check()
    screenshot(page, "alerts")
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/alerts/sent/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your inbox"
    assert axe_violations(page) == []

    [confirmation] = outbox("alert_confirm")
    page.goto(live_server.url + link(confirmation, "confirm"))
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm your subscription"
    assert axe_violations(page) == []
    assert Subscription.objects.get().status == "pending"
    page.get_by_role("button", name="Confirm my subscription").click()
    page.get_by_role("heading", name="You are subscribed").wait_for()
    assert axe_violations(page) == []
    assert Subscription.objects.get().status == "confirmed"

    ArticleFactory(title="The Middle Corridor at a turn", authors=[author], published_at=timezone.now())
    send_due_emails()
    [alert] = outbox("alert_piece")
    assert alert.subject == "The Middle Corridor at a turn"
    assert alert.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page.goto(live_server.url + link(alert, "unsubscribe"))
    assert page.get_by_role("heading", level=1).inner_text() == "Stop these emails"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    assert axe_violations(page) == []
    assert Subscription.objects.get().status == "unsubscribed"


@pytest.mark.parametrize("path", ["/alerts/", "/alerts/confirm/forged/", "/alerts/unsubscribe/forged/"])
def test_the_general_form_and_the_pages_of_bad_links_have_no_accessibility_violations(live_server, page, path):
    response = page.goto(live_server.url + path)
    assert response.status == (200 if path == "/alerts/" else 404)
    assert axe_violations(page) == []
