"""Editors and reviewers in chromium: an editor assigns a reviewer, the reviewer scores blind, the editor
accepts with a preview of the email, publishes the proceedings, and readers see (and print) the paper."""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command

from tests.conferences.factories import AbstractFactory, ConferenceFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


PASSWORD = "a-long-local-password"


def staff(username, email, group):
    user = User.objects.create_user(username, email, PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def run_action(page, abstract, action):
    page.locator(f'input[name="_selected_action"][value="{abstract.pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.get_by_role("button", name="Run").or_(page.get_by_role("button", name="Go")).click()


def test_an_editor_assigns_a_reviewer_who_scores_blind_then_accepts_and_publishes_the_proceedings(
    browser, live_server, settings
):
    settings.SITE_URL = live_server.url
    conference = ConferenceFactory(title="Peace Conference", blind_review=True, topics=["Shared resources"])
    abstract = AbstractFactory(
        conference=conference,
        title="Water, trade and trust",
        text="Shared rivers can anchor peace.\n\nA second paragraph.",
        authors=[
            ("Leyla Mammadova", "ADA University", "leyla@example.org"),
            ("Arman Petrosyan", "Yerevan State University", "arman@example.org"),
        ],
    )
    staff("editor", "editor@example.org", "Editors")
    staff("expert", "expert@example.org", "Reviewers")

    # The editor assigns the reviewer.
    editor = log_in(browser, live_server, "editor")
    editor.goto(live_server.url + "/admin/conferences/abstract/")
    assert editor.locator("#abstract-counts tfoot").inner_text().split() == [
        "All",
        "topics",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "1",
    ]
    run_action(editor, abstract, "assign_reviewer")
    editor.get_by_label("Reviewer").select_option(label="expert")
    editor.get_by_role("button", name="Assign the reviewer").click()
    assert "Assigned expert to 1 abstract(s); 0 already had them." in editor.locator(".messagelist").inner_text()

    # The reviewer sees the abstract without its authors, and scores it.
    reviewer = log_in(browser, live_server, "expert")
    reviewer.goto(live_server.url + "/admin/conferences/review/")
    reviewer.get_by_role("link", name="Water, trade and trust").click()
    assert reviewer.locator("[data-authors]").inner_text() == "Hidden: this conference reviews blind."
    assert "Leyla" not in reviewer.content()
    reviewer.get_by_label("Score").select_option(label="5 – strong accept")
    reviewer.get_by_label("Comment").fill("Original and well argued.")
    reviewer.get_by_role("button", name="Save", exact=True).click()
    reviewer.wait_for_url("**/admin/conferences/review/")

    # The editor sees the score, previews the acceptance email, and sends it.
    editor.goto(live_server.url + "/admin/conferences/abstract/")
    row = editor.locator("#result_list tbody tr").first
    assert row.locator("td.field-mean_score").inner_text() == "5.00"
    assert row.locator("td.field-score_spread").inner_text() == "0"
    run_action(editor, abstract, "accept")
    assert editor.locator("[data-preview-subject]").inner_text() == "Accepted: Water, trade and trust"
    assert editor.locator("[data-preview-body]").inner_text().startswith("Dear Leyla Mammadova,")
    editor.get_by_role("button", name="Yes: Accepted and send the emails").click()
    assert "1 abstract(s) accepted; 2 email(s) queued to their authors." in editor.locator(".messagelist").inner_text()
    call_command("send_emails", stdout=None)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("arman@example.org", "Accepted: Water, trade and trust"),
        ("leyla@example.org", "Accepted: Water, trade and trust"),
    ]

    # The editor publishes the proceedings.
    editor.goto(live_server.url + f"/admin/conferences/conference/{conference.pk}/change/")
    editor.get_by_label("Proceedings published").check()
    editor.get_by_role("button", name="Save", exact=True).click()
    editor.wait_for_url("**/admin/conferences/conference/")

    # Readers see the paper, with its authors and affiliations, and can print the book of abstracts.
    reader = browser.new_page()
    reader.goto(live_server.url + f"/conference/{conference.slug}/proceedings/")
    paper = reader.locator(".conf-paper")
    assert paper.locator(".conf-paper__title").inner_text() == "Water, trade and trust"
    assert paper.locator(".conf-paper__authors").inner_text() == "Leyla Mammadova1, Arman Petrosyan2"
    assert paper.locator(".conf-paper__affiliations li").all_inner_texts() == [
        "ADA University",
        "Yerevan State University",
    ]
    assert reader.get_by_role("button", name="Print or save as PDF").is_visible()
    reader.emulate_media(media="print")
    assert not reader.locator(".site-header").is_visible()
    assert not reader.get_by_role("button", name="Print or save as PDF").is_visible()
    assert reader.locator(".conf-paper__title").is_visible()
    reader.context.close()
