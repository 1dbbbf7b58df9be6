"""An author answers an open call in chromium: mistakes explained and nothing lost, authors added and
reordered, one abstract however often it is sent, the emails, then the private link: change, withdraw."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from conferences.models import Abstract
from conferences.wordcount import count_characters, count_words
from tests.conferences.factories import ConferenceFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


TITLE = "Water, trade and trust across the line of contact"
TEXT = "Nagorno-Karabakh’s rivers feed both banks.\n\nShared water management could anchor a lasting peace."


def fill_author(page, n, name, affiliation, email):
    row = page.get_by_role("group", name=f"Author {n}", exact=True)
    row.get_by_label("Name").fill(name)
    row.get_by_label("Affiliation").fill(affiliation)
    row.get_by_label("Email").fill(email)
    return row


def link_in(message, prefix):
    return next(word for word in message.body.split() if word.startswith(prefix))


def test_an_author_submits_then_changes_and_withdraws_through_the_private_link(page, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.EDITORS_EMAIL = ["editors@example.org"]
    conference = ConferenceFactory(title="Peace Conference", topics=["Regional actors", "Shared resources"])
    page.goto(live_server.url + conference.get_absolute_url())
    assert page.get_by_role("heading", name="The call for abstracts is open").is_visible()
    page.get_by_role("link", name="Submit an abstract").click()
    page.wait_for_url("**/submit/")

    # A first try with mistakes: each is explained beside its field, and nothing typed is lost.
    page.get_by_label("Title of the paper").fill(TITLE)
    page.get_by_role("radio", name="Shared resources").check()
    page.get_by_role("textbox", name="Abstract").fill(TEXT)
    fill_author(page, 1, "Leyla Mammadova", "ADA University", "leyla-at-example.org")
    page.get_by_role("button", name="Submit the abstract").click()
    page.wait_for_load_state()
    assert (
        page.locator("#id_authors-0-email_error").inner_text()
        == "Enter a valid email address, such as name@example.org."
    )
    assert page.locator("#id_consent_error").inner_text() == (
        "Please agree to the processing of these data for the conference; we cannot consider an abstract without it."
    )
    assert page.get_by_role("textbox", name="Abstract").input_value() == TEXT
    assert page.get_by_label("Title of the paper").input_value() == TITLE
    assert page.get_by_role("radio", name="Shared resources").is_checked()
    assert (
        page.locator("#text-counter").inner_text() == "13 of 300 words · 96 of 3000 characters"
    )  # the blank line counts once
    assert (count_words(TEXT), count_characters(TEXT)) == (13, 96)  # the blank line counts once

    # Fix the email, add two co-authors, move the last one up, remove one, choose the contact author.
    fill_author(page, 1, "Leyla Mammadova", "ADA University", "leyla@example.org")
    page.get_by_role("button", name="Add another author").click()
    fill_author(page, 2, "Wrong Person", "Nowhere", "wrong@example.org")
    page.get_by_role("button", name="Add another author").click()
    third = fill_author(page, 3, "Arman Petrosyan", "Yerevan State University", "arman@example.org")
    third.get_by_role("radio", name="Contact author").check()
    third.get_by_role("button", name="Move up").click()
    assert (
        page.get_by_role("group", name="Author 2", exact=True).get_by_label("Name").input_value() == "Arman Petrosyan"
    )
    assert (
        page.get_by_role("group", name="Author 2", exact=True).get_by_role("radio", name="Contact author").is_checked()
    )
    page.get_by_role("group", name="Author 3", exact=True).get_by_role("button", name="Remove").click()
    assert not page.get_by_role("group", name="Author 3", exact=True).is_visible()
    page.get_by_role("checkbox", name=re.compile("^I agree that the Caucasus Center stores")).check()
    page.get_by_role("button", name="Submit the abstract").click()

    page.wait_for_url("**/submitted/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you: your abstract is received"
    assert page.locator(".conf-recipients li").all_inner_texts() == [
        "Leyla Mammadova <leyla@example.org>",
        "Arman Petrosyan <arman@example.org> — with the private link to see the status, change or withdraw the "
        "abstract until the deadline",
    ]

    abstract = Abstract.objects.get()
    assert (abstract.title, abstract.text, abstract.topic.title) == (TITLE, TEXT, "Shared resources")
    assert [(a.name, a.is_contact) for a in abstract.ordered_authors] == [
        ("Leyla Mammadova", False),
        ("Arman Petrosyan", True),
    ]

    # The worker sends the emails: every author, and the editors.
    call_command("send_emails", stdout=None)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == ["arman@example.org", "editors@example.org", "leyla@example.org"]
    manage_link = link_in(by_recipient["arman@example.org"], f"{live_server.url}/conference/abstracts/")
    status_link = link_in(by_recipient["leyla@example.org"], f"{live_server.url}/conference/abstract-status/")

    # The contact author changes the abstract through the private link.
    page.goto(manage_link)
    assert page.locator("[data-status]").inner_text() == "Received"
    page.get_by_role("link", name="Change the abstract").click()
    page.wait_for_url("**/edit/")
    assert (
        page.get_by_role("group", name="Author 2", exact=True).get_by_label("Name").input_value() == "Arman Petrosyan"
    )
    page.get_by_label("Title of the paper").fill(TITLE + " (revised)")
    page.get_by_role("button", name="Save the changes").click()
    page.wait_for_url(manage_link)
    assert page.locator(".messages").inner_text() == "Your changes are saved, and every author has been told."
    assert page.locator(".conf-summary__title").inner_text() == TITLE + " (revised)"

    # … then withdraws it; the co-author's link shows it.
    page.get_by_role("link", name="Withdraw it").click()
    page.get_by_role("button", name="Withdraw the abstract").click()
    assert page.get_by_role("alert").inner_text() == "Tick the box to confirm that you want to withdraw the abstract."
    page.get_by_role("checkbox", name="Yes, withdraw this abstract").check()
    page.get_by_role("button", name="Withdraw the abstract").click()
    page.wait_for_url(manage_link)
    assert page.locator("[data-status]").inner_text() == "Withdrawn"
    assert not page.get_by_role("link", name="Change the abstract").is_visible()
    page.goto(status_link)
    assert page.locator("[data-status]").inner_text() == "Withdrawn"
    assert Abstract.objects.get().status == "withdrawn"


def test_sending_the_form_again_after_the_back_button_or_a_double_click_stores_one_abstract(page, live_server):
    conference = ConferenceFactory()
    page.goto(live_server.url + reverse("conferences:abstract_submit", kwargs={"slug": conference.slug}))
    page.get_by_label("Title of the paper").fill(TITLE)
    page.get_by_role("radio", name="Regional actors").check()
    page.get_by_role("textbox", name="Abstract").fill(TEXT)
    fill_author(page, 1, "Leyla Mammadova", "ADA University", "leyla@example.org")
    page.get_by_role("checkbox", name=re.compile("^I agree")).check()
    page.get_by_role("button", name="Submit the abstract").dblclick()
    page.wait_for_url("**/submitted/**")
    confirmation = page.url

    page.go_back()
    page.wait_for_url("**/submit/")
    if not page.get_by_label("Title of the paper").input_value():  # the browser did not keep what was typed
        page.get_by_label("Title of the paper").fill(TITLE)
        page.get_by_role("radio", name="Regional actors").check()
        page.get_by_role("textbox", name="Abstract").fill(TEXT)
        fill_author(page, 1, "Leyla Mammadova", "ADA University", "leyla@example.org")
        page.get_by_role("checkbox", name=re.compile("^I agree")).check()
    page.get_by_role("button", name="Submit the abstract").click()
    page.wait_for_url("**/submitted/**")

    assert page.url == confirmation
    assert Abstract.objects.count() == 1


def test_rows_after_the_first_wait_behind_a_disclosure_when_scripts_do_not_run(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    conference = ConferenceFactory()
    page.goto(live_server.url + reverse("conferences:abstract_submit", kwargs={"slug": conference.slug}))

    assert not page.get_by_role("group", name="Author 2", exact=True).is_visible()
    page.get_by_text("More authors (up to ten)").click()
    assert page.get_by_role("group", name="Author 10", exact=True).is_visible()
    context.close()
