"""An author answers a call without an account: submit, confirm, then see, change or withdraw."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils.html import strip_tags

from conferences.delivery import send_due_emails
from conferences.models import Abstract, AbstractAuthor, OutgoingEmail

from .conftest import AUTHORS, TEXT, abstract_data
from .factories import AbstractFactory, ConferenceFactory
from .html import field_errors, texts

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
DEADLINE = datetime(2030, 1, 31, 23, 59, 59, tzinfo=BAKU)


def submit_url(conference):
    return reverse("conferences:abstract_submit", kwargs={"slug": conference.slug})


def submit(client, conference, **overrides):
    return client.post(submit_url(conference), abstract_data(conference, **overrides))


def test_the_form_of_an_open_call_offers_its_topics_and_a_counter_at_zero(client):
    conference = ConferenceFactory(topics=["Regional actors", "Ceasefire law"])

    response = client.get(submit_url(conference))

    assert response.status_code == 200
    assert [strip_tags(label) for _value, label in response.context["entry"].form.fields["topic"].choices] == [
        "Regional actors",
        "Ceasefire law",
        "Another relevant issue",
    ]
    assert texts(response, "conf-counter") == ["0 of 300 words · 0 of 3000 characters"]
    assert response["Cache-Control"] == "private, no-cache, max-age=0"  # never shared; kept for the back button


def test_each_showing_of_the_form_carries_its_own_token(client):
    conference = ConferenceFactory()
    tokens = {client.get(submit_url(conference)).context["entry"].form["submission_token"].value() for _ in range(2)}
    assert len(tokens) == 2


def test_a_submission_stores_the_abstract_with_its_authors_and_queues_one_email_per_author_and_editor(client):
    conference = ConferenceFactory()

    response = submit(client, conference, contact=1, phone="+994 12 345 67 89")

    abstract = Abstract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "conferences:abstract_submitted", kwargs={"slug": conference.slug, "token": abstract.submission_token}
    )
    assert (abstract.title, abstract.text, abstract.word_count, abstract.status, abstract.phone) == (
        "Trust across the line of contact",
        TEXT,
        14,
        "submitted",
        "+994 12 345 67 89",
    )
    assert [(a.position, a.name, a.affiliation, a.email, a.is_contact) for a in abstract.authors.all()] == [
        (1, "Anna Petrosyan", "Yerevan State University", "anna@example.org", False),
        (2, "Elvin Aliyev", "ADA University", "elvin@example.org", True),
    ]
    assert sorted(OutgoingEmail.objects.values_list("to", "kind", "status")) == [
        ("anna@example.org", "abstract_received_coauthor", "queued"),
        ("editors@example.org", "abstract_received_editors", "queued"),
        ("elvin@example.org", "abstract_received_contact", "queued"),
    ]
    assert mail.outbox == []  # nothing leaves before the worker runs, after the commit


def test_the_emails_carry_absolute_private_links_and_the_deadline_in_the_calls_time_zone(client):
    conference = ConferenceFactory(deadline=DEADLINE, opens_at=DEADLINE - timedelta(days=30))
    with time_machine.travel(DEADLINE - timedelta(days=1), tick=False):
        submit(client, conference)
        assert send_due_emails() == (3, 0)

    abstract = Abstract.objects.get()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    contact, coauthor, editors = (
        by_recipient[a] for a in ("anna@example.org", "elvin@example.org", "editors@example.org")
    )
    assert contact.subject == "Abstract received: Trust across the line of contact"
    assert f"https://ccsis.example/conference/abstracts/{abstract.manage_key}/" in contact.body
    assert "until the deadline,\n31 January 2030, 23:59 Baku time (UTC+04:00)" in contact.body
    assert contact.reply_to == ["info@thecaucasuscenter.org"]
    assert coauthor.subject == "You are an author of “Trust across the line of contact”"
    assert f"https://ccsis.example/conference/abstract-status/{abstract.status_key}/" in coauthor.body
    assert abstract.manage_key not in coauthor.body
    assert editors.subject == "New abstract: Trust across the line of contact"
    assert f"https://ccsis.example/admin/conferences/abstract/{abstract.pk}/change/" in editors.body
    assert editors.reply_to == ["anna@example.org"]


def test_the_confirmation_page_names_every_author_written_to(client):
    conference = ConferenceFactory()
    response = client.get(submit(client, conference)["Location"])

    assert texts(response, "conf-confirmation")[0].startswith("We received “Trust across the line of contact” on ")
    assert texts(response, "conf-recipients") == [
        "Anna Petrosyan <anna@example.org> — with the private link to see the status, change or withdraw the "
        "abstract until the deadline Elvin Aliyev <elvin@example.org>"
    ]
    assert response["Referrer-Policy"] == "same-origin"


def test_the_same_form_posted_twice_stores_one_abstract_and_shows_the_same_confirmation(client):
    conference = ConferenceFactory()
    data = abstract_data(conference)

    first = client.post(submit_url(conference), data)
    second = client.post(submit_url(conference), data)

    assert Abstract.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert OutgoingEmail.objects.count() == 3


def test_the_same_abstract_sent_again_from_a_fresh_form_is_found_not_doubled(client):
    conference = ConferenceFactory()
    first = submit(client, conference)
    again = submit(client, conference)  # a new token: the form was shown again
    changed = submit(client, conference, title="A second paper")

    assert again["Location"] == first["Location"]
    assert changed["Location"] != first["Location"]
    assert Abstract.objects.count() == 2


def test_a_repeat_after_the_deadline_still_gets_its_confirmation(client):
    conference = ConferenceFactory(deadline=DEADLINE, opens_at=DEADLINE - timedelta(days=30))
    data = abstract_data(conference)
    with time_machine.travel(DEADLINE - timedelta(seconds=5), tick=False):
        first = client.post(submit_url(conference), data)
    with time_machine.travel(DEADLINE + timedelta(minutes=5), tick=False):
        retry = client.post(submit_url(conference), data)

    assert (retry.status_code, retry["Location"]) == (302, first["Location"])
    assert Abstract.objects.count() == 1


def test_a_token_coming_back_from_another_contact_author_is_a_new_submission_not_a_repeat(client):
    conference = ConferenceFactory()
    token = uuid.uuid4()
    submit(client, conference, token=token)

    other = [("Nino Beridze", "Tbilisi State University", "nino@example.org")]
    response = submit(client, conference, token=token, authors=other, title="Another paper")

    assert Abstract.objects.count() == 2
    second = Abstract.objects.get(title="Another paper")
    assert second.submission_token != token
    assert response["Location"].endswith(f"/submitted/{second.submission_token}/")


def test_errors_are_shown_beside_their_fields_and_nothing_typed_is_lost(client):
    conference = ConferenceFactory()
    long_text = "word " * 301

    response = submit(client, conference, text=long_text, **{"authors-1-email": "elvin-at-example"})

    assert response.status_code == 200
    assert field_errors(response) == {
        "text": ["At most 300 words; this has 301."],
        "authors-1-email": ["Enter a valid email address, such as name@example.org."],
    }
    assert texts(response, "conf-error-summary") == [
        "Nothing is sent yet: please correct what is marked below. Everything you typed is still here."
    ]
    html = response.content.decode()
    assert 'value="Trust across the line of contact"' in html
    assert f">\n{long_text}</textarea>" in html
    assert 'value="elvin-at-example"' in html
    assert 'value="ADA University"' in html
    assert texts(response, "conf-counter") == ["301 of 300 words · 1504 of 3000 characters"]
    assert Abstract.objects.count() == 0


def test_the_honeypot_shows_its_field_and_its_reason_instead_of_dropping_the_abstract(client):
    conference = ConferenceFactory()

    response = submit(client, conference, homepage="https://example.org")

    assert response.status_code == 200
    assert field_errors(response) == {
        "homepage": [
            "This field must stay empty: it catches spam robots. Please clear it and send the form again; "
            "nothing you typed is lost."
        ]
    }
    assert 'class="conf-field conf-trap conf-trap--shown"' in response.content.decode()
    assert Abstract.objects.count() == 0


def test_a_flood_from_one_address_is_told_to_try_again_later_with_everything_kept(client, settings):
    settings.SUBMISSION_RATE_LIMIT = 2
    conference = ConferenceFactory()
    moment = datetime(2030, 1, 10, 12, 0, tzinfo=BAKU)
    conference.deadline = DEADLINE
    conference.opens_at = moment - timedelta(days=1)
    conference.save()
    with time_machine.travel(moment, tick=False):
        first_data = abstract_data(conference, title="First")
        client.post(submit_url(conference), first_data)
        client.post(submit_url(conference), abstract_data(conference, title="Second"))
        refused = submit(client, conference, title="Third")
        repeat_of_first = client.post(submit_url(conference), first_data)

    assert refused.status_code == 429
    assert texts(refused, "conf-refusal") == [
        "Too many submissions have come from your address recently. Please try again after 13:00 Baku time "
        "(UTC+04:00). Everything you typed is still below, and sending it again later will not create a duplicate."
    ]
    assert 'value="Third"' in refused.content.decode()
    assert repeat_of_first.status_code == 302  # a retry of a stored submission is never counted
    assert sorted(Abstract.objects.values_list("title", flat=True)) == ["First", "Second"]

    with time_machine.travel(moment + timedelta(hours=1, seconds=1), tick=False):
        later = submit(client, conference, title="Third")
    assert later.status_code == 302


def test_the_rate_limit_counts_each_address_on_its_own(client, settings):
    settings.SUBMISSION_RATE_LIMIT = 1
    conference = ConferenceFactory()
    response = client.post(submit_url(conference), abstract_data(conference, title="From A"), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 302
    response = client.post(submit_url(conference), abstract_data(conference, title="From B"), REMOTE_ADDR="192.0.2.2")
    assert response.status_code == 302
    response = client.post(submit_url(conference), abstract_data(conference, title="A again"), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (DEADLINE - timedelta(seconds=1), True),
        (DEADLINE, True),
        (DEADLINE + timedelta(seconds=1), False),
    ],
    ids=["a second before", "at the deadline", "a second after"],
)
def test_the_deadline_is_enforced_to_the_second_when_the_form_is_posted(client, moment, accepted):
    conference = ConferenceFactory(deadline=DEADLINE, opens_at=DEADLINE - timedelta(days=30))

    with time_machine.travel(moment, tick=False):
        response = submit(client, conference)

    assert (response.status_code, Abstract.objects.count()) == ((302, 1) if accepted else (403, 0))


def test_a_form_opened_before_the_deadline_and_sent_after_it_is_refused_with_the_text_shown_back(client):
    conference = ConferenceFactory(deadline=DEADLINE, opens_at=DEADLINE - timedelta(days=30))
    with time_machine.travel(DEADLINE - timedelta(minutes=10), tick=False):
        token = client.get(submit_url(conference)).context["entry"].form["submission_token"].value()
    with time_machine.travel(DEADLINE + timedelta(minutes=1), tick=False):
        response = submit(client, conference, token=token)

    assert response.status_code == 403
    assert texts(response, "conf-refusal") == [
        "The call for abstracts closed on 31 January 2030, 23:59 Baku time (UTC+04:00), before your abstract "
        "arrived, so we could not accept it. Here is what you wrote, so that you can keep a copy. If you think "
        "this is a mistake, write to info@thecaucasuscenter.org."
    ]
    html = response.content.decode()
    assert f">{TEXT}</textarea>" in html
    assert ">Trust across the line of contact</textarea>" in html
    assert "Anna Petrosyan, Yerevan State University &lt;anna@example.org&gt;" in html
    assert Abstract.objects.count() == 0


def test_a_closed_call_offers_no_form(client):
    conference = ConferenceFactory(closed=True)
    response = client.get(submit_url(conference))
    assert response.context["entry"] is None
    assert texts(response, "message")[0].startswith("The call for abstracts closed on ")


def test_a_call_not_yet_open_refuses_a_post(client):
    conference = ConferenceFactory(deadline=DEADLINE, opens_at=DEADLINE - timedelta(days=30))
    with time_machine.travel(DEADLINE - timedelta(days=31), tick=False):
        response = submit(client, conference)
    assert response.status_code == 403
    assert texts(response, "conf-refusal")[0].startswith("The call for abstracts opens on 1 January 2030")


# ---------- The private link ----------


def manage(abstract, view="abstract_manage"):
    return reverse(f"conferences:{view}", kwargs={"key": abstract.manage_key})


def test_the_private_page_shows_the_status_and_offers_changes_until_the_deadline(client):
    abstract = AbstractFactory()

    response = client.get(manage(abstract))

    assert texts(response, "conf-status__value") == ["Received"]
    assert response.context["can_change"] is True
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


def test_an_unknown_private_key_finds_nothing(client):
    assert client.get(reverse("conferences:abstract_manage", kwargs={"key": "guess"})).status_code == 404


def test_the_contact_author_changes_the_abstract_and_every_author_is_told(client):
    abstract = AbstractFactory(title="Old title", authors=AUTHORS)
    authors = [*AUTHORS, ("Nino Beridze", "Tbilisi State University", "nino@example.org")]
    data = abstract_data(abstract.conference, authors=authors, title="New title", token=None, consent=None)
    del data["submission_token"]

    response = client.post(manage(abstract, "abstract_edit"), data)

    abstract.refresh_from_db()
    assert response.status_code == 302
    assert abstract.title == "New title"
    assert list(abstract.authors.values_list("name", flat=True)) == ["Anna Petrosyan", "Elvin Aliyev", "Nino Beridze"]
    assert sorted(OutgoingEmail.objects.filter(kind="abstract_updated").values_list("to", flat=True)) == [
        "anna@example.org",
        "elvin@example.org",
        "nino@example.org",
    ]
    follow = client.get(response["Location"])
    assert texts(follow, "message") == ["Your changes are saved, and every author has been told."]


def test_the_edit_form_starts_from_the_stored_abstract(client):
    abstract = AbstractFactory(title="Stored title", authors=AUTHORS)
    entry = client.get(manage(abstract, "abstract_edit")).context["entry"]
    assert entry.form["title"].value() == "Stored title"
    assert [f["name"].value() for f in entry.authors.forms[:3]] == ["Anna Petrosyan", "Elvin Aliyev", None]
    assert entry.form["contact_author"].value() == 0


def test_changes_sent_after_the_deadline_are_refused_and_shown_back(client):
    conference = ConferenceFactory(deadline=DEADLINE, opens_at=DEADLINE - timedelta(days=30))
    abstract = AbstractFactory(conference=conference, authors=AUTHORS)
    data = abstract_data(conference, title="Too late", consent=None)

    with time_machine.travel(DEADLINE + timedelta(seconds=1), tick=False):
        response = client.post(manage(abstract, "abstract_edit"), data)
        page = client.get(manage(abstract))

    assert response.status_code == 403
    assert texts(response, "conf-refusal")[0].startswith(
        "The call for abstracts closed on 31 January 2030, 23:59 Baku time (UTC+04:00), before your changes arrived"
    )
    assert ">Too late</textarea>" in response.content.decode()
    assert Abstract.objects.get().title != "Too late"
    assert page.context["can_change"] is False


def test_withdrawing_needs_a_tick_then_tells_every_author_and_the_editors(client):
    abstract = AbstractFactory(authors=AUTHORS)

    unconfirmed = client.post(manage(abstract, "abstract_withdraw"))
    assert texts(unconfirmed, "message--error") == ["Tick the box to confirm that you want to withdraw the abstract."]

    response = client.post(manage(abstract, "abstract_withdraw"), {"confirm": "yes"})

    abstract.refresh_from_db()
    assert response.status_code == 302
    assert abstract.status == "withdrawn"
    assert sorted(OutgoingEmail.objects.filter(kind="abstract_withdrawn").values_list("to", flat=True)) == [
        "anna@example.org",
        "editors@example.org",
        "elvin@example.org",
    ]
    page = client.get(manage(abstract))
    assert texts(page, "conf-status__value") == ["Withdrawn"]
    assert client.get(manage(abstract, "abstract_edit")).status_code == 302


def test_co_authors_see_the_status_but_not_the_private_link_or_emails(client):
    abstract = AbstractFactory(authors=AUTHORS)
    response = client.get(reverse("conferences:abstract_status", kwargs={"key": abstract.status_key}))

    html = response.content.decode()
    assert texts(response, "conf-status__value") == ["Received"]
    assert abstract.manage_key not in html
    assert "anna@example.org" not in html


@pytest.mark.parametrize(
    ("status", "sent", "shown"),
    [
        ("under_review", False, "Under review"),
        ("accepted", False, "Under review"),
        ("accepted", True, "Accepted"),
        ("rejected", True, "Rejected"),
        ("waitlisted", True, "Waitlisted"),
    ],
)
def test_authors_see_a_decision_only_once_it_has_been_sent(client, status, sent, shown):
    abstract = AbstractFactory(status=status, decision_sent_at=DEADLINE if sent else None)
    response = client.get(manage(abstract))
    assert texts(response, "conf-status__value") == [shown]


def test_authors_rows_are_stored_in_order_even_from_a_gap(client):
    conference = ConferenceFactory()
    submit(client, conference, authors=[AUTHORS[0], ("", "", ""), AUTHORS[1]], contact=2)
    assert list(AbstractAuthor.objects.values_list("position", "name", "is_contact")) == [
        (1, "Anna Petrosyan", False),
        (2, "Elvin Aliyev", True),
    ]
