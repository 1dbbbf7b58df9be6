"""An author answers the open call in a real browser, on the site as a newcomer gets it (the seed,
and a demo call opened by ``manage.py open_demo_call``): finds the call from the home page, watches
the live word count, submits, reads the confirmation, and opens the private link from the email.

Mistakes in the form, reordering authors, repeated posts, changing and withdrawing through the
private link: tests/e2e/test_conference_author_journey.py."""

import pytest
from django.core import mail
from django.core.management import call_command

from conferences.models import Abstract
from conferences.wordcount import count_words

from .helpers import private_link

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Shared rivers as a foundation for peace"
OPENING = "Nagorno-Karabakh’s rivers feed 1,960 km² of farmland — and a peace."


def test_author_finds_the_call_counts_words_live_submits_and_uses_the_private_link(page, seeded_site, open_call):
    page.goto(seeded_site("/"))
    page.locator("main").get_by_role("link", name="The call and the programme").click()
    page.wait_for_url(f"**{open_call.get_absolute_url()}")
    assert page.get_by_role("heading", name="The call for abstracts is open").is_visible()
    page.get_by_role("link", name="Submit an abstract").click()
    page.wait_for_url("**/submit/")

    page.get_by_label("Title of the paper").fill(TITLE)
    page.get_by_role("radio", name="The prevention of future violence and escalation").check()

    # The live counter counts as the server does, while the author types.
    text = page.get_by_role("textbox", name="Abstract")
    counter = page.locator("#text-counter")
    text.press_sequentially(OPENING)
    assert count_words(OPENING) == 10
    assert counter.inner_text() == f"10 of 300 words · {len(OPENING)} of 3000 characters"

    # Over the limit: the counter says so, and so does a live region for screen readers.
    text.fill(OPENING + " water" * 291)
    assert counter.inner_text().startswith("301 of 300 words")
    assert "conf-counter--over" in counter.get_attribute("class")
    announcement = page.locator("[data-counter-announce]")
    assert announcement.get_attribute("aria-live") == "polite"
    assert announcement.inner_text() == "The abstract is longer than 300 words or 3000 characters."
    text.fill(OPENING + " water" * 200)
    assert counter.inner_text().startswith("210 of 300 words")
    assert announcement.inner_text() == "The abstract is within the limit again."

    # Two authors; the second is the contact author.
    first = page.get_by_role("group", name="Author 1", exact=True)
    first.get_by_label("Name").fill("Leyla Mammadova")
    first.get_by_label("Affiliation").fill("ADA University")
    first.get_by_label("Email").fill("leyla@example.org")
    page.get_by_role("button", name="Add another author").click()
    second = page.get_by_role("group", name="Author 2", exact=True)
    second.get_by_label("Name").fill("Arman Petrosyan")
    second.get_by_label("Affiliation").fill("Yerevan State University")
    second.get_by_label("Email").fill("arman@example.org")
    second.get_by_role("radio", name="Contact author").check()
    page.get_by_role("checkbox", name="I agree that the Caucasus Center stores").check()
    page.get_by_role("button", name="Submit the abstract").click()

    # The confirmation.
    page.wait_for_url("**/submitted/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you: your abstract is received"
    assert page.get_by_role("status").inner_text().startswith(f"We received “{TITLE}” on ")
    abstract = Abstract.objects.get(title=TITLE)
    assert (abstract.conference, abstract.word_count) == (open_call, 210)

    # The emails go out (the worker beside the web server sends them); the contact author's holds the private link.
    call_command("send_emails", stdout=None)
    to_contact = [m for m in mail.outbox if m.to == ["arman@example.org"]]
    assert len(to_contact) == 1
    page.goto(seeded_site(private_link(to_contact, "/conference/abstracts/")))
    assert page.get_by_role("heading", level=1).inner_text() == "Your abstract"
    assert page.locator("[data-status]").inner_text() == "Received"
    assert page.get_by_role("link", name="Change the abstract").is_visible()
    assert page.get_by_text(TITLE).first.is_visible()
