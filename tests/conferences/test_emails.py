"""The outbox: emails are stored with the submission, sent after it, retried when the mail server is down."""

import socket
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from conferences import delivery, emails
from conferences.models import Abstract, EmailTemplate, OutgoingEmail

from .conftest import abstract_data
from .factories import AbstractFactory, ConferenceFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=ZoneInfo("Asia/Baku"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    """SMTP to a local port where nothing listens: every connection is refused."""
    locmem = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2, "use_tls": False},
        }
    }
    yield
    settings.MAILERS = locmem


def post_abstract(client, conference):
    return client.post(
        reverse("conferences:abstract_submit", kwargs={"slug": conference.slug}), abstract_data(conference)
    )


def test_queued_emails_are_sent_once_and_marked_sent():
    abstract = AbstractFactory()
    emails.queue_abstract_received(abstract)

    with time_machine.travel(NOW, tick=False):
        assert delivery.send_due_emails() == (3, 0)
        assert delivery.send_due_emails() == (0, 0)

    assert len(mail.outbox) == 3
    assert set(OutgoingEmail.objects.values_list("status", "attempts", "sent_at")) == {("sent", 1, NOW)}
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_mail_server_that_is_down_loses_nothing_and_the_emails_go_out_on_retry(client, settings, mail_server_down):
    conference = ConferenceFactory(opens_at=NOW - timedelta(days=1), deadline=NOW + timedelta(days=1))

    with time_machine.travel(NOW, tick=False):
        response = post_abstract(client, conference)
        assert delivery.send_due_emails() == (0, 3)

    assert response.status_code == 302
    assert Abstract.objects.count() == 1
    failed = list(OutgoingEmail.objects.all())
    assert {(e.status, e.attempts, e.next_attempt_at) for e in failed} == {("queued", 1, NOW + timedelta(minutes=1))}
    assert all(e.last_error.startswith("ConnectionRefusedError: ") for e in failed)
    assert mail.outbox == []

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        assert delivery.send_due_emails() == (0, 0)  # not due yet
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        assert delivery.send_due_emails() == (3, 0)

    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "editors@example.org", "elvin@example.org"]
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {("sent", 2)}


def test_retries_wait_longer_each_time_and_give_up_after_ten_attempts(mail_server_down):
    email = OutgoingEmail.objects.create(to="a@example.org", subject="S", body="B", next_attempt_at=NOW)
    delays = []
    moment = NOW
    for _attempt in range(OutgoingEmail.MAX_ATTEMPTS):
        with time_machine.travel(moment, tick=False):
            delivery.send_due_emails()
        email.refresh_from_db()
        delays.append(round((email.next_attempt_at - moment).total_seconds() / 60))
        moment = email.next_attempt_at

    assert delays[:8] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert (email.status, email.attempts) == ("failed", 10)


def test_a_worker_does_not_take_what_another_is_sending():
    OutgoingEmail.objects.create(to="a@example.org", subject="S", body="B", next_attempt_at=NOW)
    with time_machine.travel(NOW, tick=False):
        assert len(delivery.claim_due(NOW, 10)) == 1
        assert delivery.claim_due(NOW, 10) == []
    with time_machine.travel(NOW + delivery.SENDING_LEASE, tick=False):
        assert len(delivery.claim_due(NOW + delivery.SENDING_LEASE, 10)) == 1  # the first worker died: retry


def test_the_worker_command_reports_what_it_sent():
    emails.queue_abstract_received(AbstractFactory())
    out = StringIO()
    call_command("send_emails", stdout=out)
    assert out.getvalue() == "Sent 3 email(s); 0 failed and will be retried.\n"


def test_editors_edit_the_texts_and_a_conference_may_have_its_own():
    conference = ConferenceFactory(title="Peace Conference")
    abstract = AbstractFactory(conference=conference, title="Trust")
    sitewide = EmailTemplate.objects.get(kind="abstract_received_contact", conference=None)
    sitewide.subject = "Got it: {{ abstract.title }}"
    sitewide.save()
    context = emails.abstract_context(abstract, abstract.contact_author)

    assert emails.render_email("abstract_received_contact", context, conference)[0] == "Got it: Trust"

    EmailTemplate.objects.create(
        kind="abstract_received_contact", conference=conference, subject="{{ conference.title }}: thanks", body="Hi"
    )
    assert emails.render_email("abstract_received_contact", context, conference) == ("Peace Conference: thanks", "Hi")


def test_a_broken_template_falls_back_to_the_default_text_and_never_loses_a_submission(client):
    EmailTemplate.objects.filter(kind="abstract_received_contact").update(body="{% if %}")
    conference = ConferenceFactory()

    response = post_abstract(client, conference)

    assert response.status_code == 302
    email = OutgoingEmail.objects.get(kind="abstract_received_contact")
    assert email.body.startswith("Dear Anna Petrosyan,\n\nthank you for submitting your abstract")


def test_the_migration_seeds_one_sitewide_template_per_kind():
    assert sorted(EmailTemplate.objects.filter(conference=None).values_list("kind", flat=True)) == sorted(
        EmailTemplate.Kind.values
    )


def test_without_an_editors_template_the_text_comes_from_its_files():
    EmailTemplate.objects.filter(kind="decision_waitlisted").delete()
    abstract = AbstractFactory(title="Trust")
    context = emails.abstract_context(abstract, abstract.contact_author)

    subject, body = emails.render_email("decision_waitlisted", context, abstract.conference)

    assert subject == "On the waiting list: Trust"
    assert body.startswith(
        f"Dear Anna Petrosyan,\n\nthank you for submitting “Trust” to the {abstract.conference.title}"
    )
    assert body.endswith(
        "\n\nThe Caucasus Center for Strategic and International Studies (CCSIS)\ninfo@thecaucasuscenter.org\n"
    )


def test_the_editable_templates_start_as_the_text_of_the_files():
    seeded = {t.kind: (t.subject, t.body) for t in EmailTemplate.objects.filter(conference=None)}
    assert seeded == {kind: emails.default_text(kind) for kind in EmailTemplate.Kind.values}
    assert emails.default_text("letter_received")[0] == (
        "{% load i18n %}{% blocktranslate with title=conference.title %}Your letter of interest: {{ title }}"
        "{% endblocktranslate %}"
    )


def test_a_simulation_is_acknowledged_in_the_name_of_the_site(settings):
    from articles.models import Series
    from conferences.models import SimulationSubmission

    series = Series.objects.create(title="Border", slug="border", invitation="<p>Send.</p>")
    simulation = SimulationSubmission.objects.create(
        series=series,
        full_name="Leyla",
        position="Analyst",
        email="l@example.org",
        phone="+994 50",
        title="T",
        text="X",
    )
    settings.SITE = {**settings.SITE, "name": "The Peace Institute", "short_name": "TPI"}

    emails.queue_simulation_received(simulation)

    body = OutgoingEmail.objects.get(kind="simulation_received").body
    assert body.endswith("(Leyla, Analyst).\n\nThe Peace Institute (TPI)\n")
