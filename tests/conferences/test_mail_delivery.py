"""Mail that is plain text and never stops: unescaped texts, one-line headers, a worker that survives
failing messages and backends, refuses settings that cannot send, and withdrawn abstracts left unreviewed."""

import json
import subprocess
import sys
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from conferences import delivery, emails
from conferences.models import Abstract, OutgoingEmail, Review
from tests.test_security import production_env
from tests.test_typed_text import Elements

from .conftest import abstract_data
from .factories import AbstractFactory, ConferenceFactory, editor, review, reviewer

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=ZoneInfo("Asia/Baku"))
ROOT = Path(__file__).resolve().parents[2]
BACKENDS = "tests.conferences.mail_backends"


def mailer(settings, backend, **options):
    settings.MAILERS = {"default": {"BACKEND": backend, **({"OPTIONS": options} if options else {})}}


# ---------- Plain text, one-line headers ----------


@pytest.mark.parametrize(
    ("name", "affiliation", "title"),
    [
        ("Seán O'Brien", "Science & Policy Institute", "Science & Policy: “Trust” <in> the Caucasus"),
        ('D\'Arcy "Dee" Smith', "AT&T Labs", "5 < 7 & 7 > 5 'quoted'"),
        ("Ərəstun Ağ", "Baku <State> University", "Peace & <b>trade</b>"),
    ],
)
def test_plain_text_mails_say_what_was_typed_unescaped(client, name, affiliation, title):
    conference = ConferenceFactory()
    url = reverse("conferences:abstract_submit", kwargs={"slug": conference.slug})
    response = client.post(
        url, abstract_data(conference, authors=[(name, affiliation, "sean@example.org")], title=title)
    )
    assert response.status_code == 302
    queued = list(OutgoingEmail.objects.order_by("pk"))
    assert queued, "the submission queued its mails"
    contact = next(e for e in queued if e.to == "sean@example.org")
    assert title in contact.subject or title in contact.body
    for email in queued:
        text = email.subject + email.body
        assert [escaped for escaped in ("&amp;", "&#x27;", "&#39;", "&lt;", "&gt;", "&quot;") if escaped in text] == []
    assert name in contact.body
    assert delivery.send_due_emails() == (len(queued), 0)
    assert any(title in m.body or title in m.subject for m in mail.outbox)


@pytest.mark.parametrize("title", ["Trust\nBcc: evil@example.org", "Trust\r\nX-Injected: 1", "Trust\u2028\u2029again"])
def test_a_subject_is_one_line_by_construction_even_from_old_stored_text(title):
    abstract = AbstractFactory(title=title)  # stored before the typed-text policy refused line breaks
    emails.queue_abstract_received(abstract)
    subjects = list(OutgoingEmail.objects.values_list("subject", flat=True))
    assert len(subjects) == 3
    assert [s for s in subjects if {"\n", "\r", "\u2028", "\u2029"} & set(s)] == []
    assert delivery.send_due_emails() == (len(subjects), 0)
    assert all("\n" not in m.subject for m in mail.outbox)


# ---------- The worker survives ----------


def test_a_failing_message_is_logged_released_with_back_off_and_the_others_are_sent(settings, caplog):
    mailer(settings, f"{BACKENDS}.RefusesSomeRecipients")
    good = OutgoingEmail.objects.create(to="anna@example.org", subject="One", body="B")
    bad = OutgoingEmail.objects.create(to="refused@example.org", subject="Two", body="B")
    after = OutgoingEmail.objects.create(to="elvin@example.org", subject="Three", body="B")

    with time_machine.travel(NOW, tick=False):
        assert delivery.send_due_emails() == (2, 1)

    bad.refresh_from_db()
    assert (bad.status, bad.attempts, bad.next_attempt_at) == ("queued", 1, NOW + timedelta(minutes=1))
    assert bad.last_error == "ConnectionResetError: 550 mailbox unavailable: refused@example.org"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([after.to, good.to])
    assert [r.getMessage() for r in caplog.records if r.name == "conferences.delivery"] == [
        f"Email {bad.pk} to refused@example.org failed (attempt 1): "
        "ConnectionResetError: 550 mailbox unavailable: refused@example.org"
    ]


@pytest.mark.parametrize(
    ("backend", "error"),
    [(f"{BACKENDS}.CannotConnect", "ConnectionRefusedError: "), ("no.such.module.EmailBackend", "")],
)
def test_a_backend_that_cannot_connect_or_load_keeps_every_message_for_later(settings, caplog, backend, error):
    mailer(settings, backend)
    OutgoingEmail.objects.create(to="anna@example.org", subject="One", body="B")
    with time_machine.travel(NOW, tick=False):
        assert delivery.send_due_emails() == (0, 1)
    stored = OutgoingEmail.objects.get()
    assert (stored.status, stored.attempts, stored.next_attempt_at) == ("queued", 1, NOW + timedelta(minutes=1))
    assert stored.last_error.startswith(error)
    assert len(stored.last_error) > len(error)
    assert caplog.records, "the failure is logged"


def test_the_outbox_shows_a_failed_message_as_failed_with_its_error_not_as_waiting(client, settings):
    mailer(settings, f"{BACKENDS}.RefusesSomeRecipients")
    OutgoingEmail.objects.create(to="refused@example.org", subject="Two", body="B")
    OutgoingEmail.objects.create(to="later@example.org", subject="Later", body="B", next_attempt_at=NOW)
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        delivery.send_due_emails()
    client.force_login(editor())

    page = Elements(client.get("/admin/conferences/outgoingemail/").content.decode())
    column = page.texts("td", **{"class": "field-delivery"})
    retry_at = "10 Jan 2030 11:01"
    assert sorted(column) == sorted(
        [
            "Waiting to be sent",
            f"Failed (attempt 1 of 10), will be retried at {retry_at}: "
            "ConnectionResetError: 550 mailbox unavailable: refused@example.org",
        ]
    )
    retrying = client.get("/admin/conferences/outgoingemail/", {"delivery": "retrying"}).context["cl"].result_list
    assert [e.to for e in retrying] == ["refused@example.org"]


def test_the_command_reports_failures_and_carries_on(settings):
    mailer(settings, f"{BACKENDS}.RefusesSomeRecipients")
    for to in ["a@example.org", "refused@example.org", "b@example.org"]:
        OutgoingEmail.objects.create(to=to, subject="S", body="B")
    out = StringIO()
    call_command("send_emails", stdout=out)
    assert out.getvalue() == "Sent 2 email(s); 1 failed and will be retried.\n"


@pytest.mark.parametrize(
    ("mailers", "reason"),
    [
        ({"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}, "sends nothing"),
        ({"BACKEND": "django.core.mail.backends.filebased.EmailBackend"}, "OPTIONS must define 'file_path'"),
        ({"BACKEND": "no.such.module.EmailBackend"}, "cannot be used"),
        (
            {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "x", "use_tls": True}}
            | {"OPTIONS": {"host": "x", "use_tls": True, "use_ssl": True}},
            "incompatible",
        ),
    ],
)
def test_send_emails_refuses_to_start_when_the_settings_cannot_send_at_all(settings, mailers, reason):
    settings.MAILERS = {"default": mailers}
    with pytest.raises(CommandError) as raised:
        call_command("send_emails", "--loop", stdout=StringIO())
    assert str(raised.value).startswith("Not starting: The mail backend ")
    assert reason in str(raised.value)
    assert str(raised.value).endswith("(see README, Configuration: EMAIL_*).")


def test_a_file_backend_path_in_a_folder_that_cannot_be_written_is_refused(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    mailer(settings, "django.core.mail.backends.filebased.EmailBackend", file_path=str(blocker))
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("send_emails", stdout=StringIO())


# ---------- Settings from the environment ----------


def mailers_from(**env):
    code = "import json; from django.conf import settings; print(json.dumps(settings.MAILERS))"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])["default"]


def test_email_settings_with_options_come_from_the_environment(tmp_path):
    smtp = mailers_from(EMAIL_HOST="smtp.example.org", EMAIL_USE_SSL="1", EMAIL_TIMEOUT="4.5")
    assert smtp["OPTIONS"] | {"password": ""} == {
        "host": "smtp.example.org",
        "port": 465,
        "username": "",
        "password": "",
        "use_tls": False,
        "use_ssl": True,
        "timeout": 4.5,
    }
    starttls = mailers_from(EMAIL_HOST="smtp.example.org", EMAIL_PORT="2525")["OPTIONS"]
    assert (starttls["port"], starttls["use_tls"], starttls["use_ssl"], starttls["timeout"]) == (2525, True, False, 10)
    files = mailers_from(
        EMAIL_HOST="", EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(tmp_path)
    )
    assert files == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(tmp_path)},
    }


def test_send_emails_started_with_a_file_backend_and_no_path_says_why():
    env = production_env(EMAIL_HOST="", EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend")
    done = subprocess.run(
        [sys.executable, "manage.py", "send_emails"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "Not starting: The mail backend django.core.mail.backends.filebased.EmailBackend cannot be used" in (
        done.stderr
    )


# ---------- Withdrawn abstracts are not reviewed ----------


def test_a_withdrawn_abstract_cannot_be_assigned_from_the_admin(client):
    client.force_login(editor())
    expert = reviewer(email="expert@example.org")
    open_one = AbstractFactory(title="Open")
    gone = AbstractFactory(title="Gone", status=Abstract.Status.WITHDRAWN)
    response = client.post(
        "/admin/conferences/abstract/",
        {"action": "assign_reviewer", "_selected_action": [open_one.pk, gone.pk], "apply": "1", "reviewer": expert.pk},
    )
    assert list(Review.objects.values_list("abstract__title", flat=True)) == ["Open"]
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Not assigned to 1 withdrawn abstract(s), which are not reviewed: “Gone”",
        "Assigned reviewer to 1 abstract(s); 0 already had them.",
    ]


def test_a_withdrawn_abstract_cannot_be_scored_by_its_reviewer(client):
    me = reviewer()
    abstract = AbstractFactory()
    assignment = review(abstract, me)
    Abstract.objects.filter(pk=abstract.pk).update(status=Abstract.Status.WITHDRAWN)
    client.force_login(me)

    response = client.post(f"/admin/conferences/review/{assignment.pk}/change/", {"score": "4", "comment": "Solid."})

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "This abstract was withdrawn by its authors and is not reviewed: it cannot be assigned or scored."
    ]
    assignment.refresh_from_db()
    assert (assignment.score, assignment.comment) == (None, "")


def test_a_withdrawn_abstracts_page_refuses_a_new_reviewer_but_saves_other_changes(client):
    from tests.editorial.conftest import form_data

    client.force_login(editor())
    expert = reviewer(email="expert@example.org")
    abstract = AbstractFactory(title="Gone", status=Abstract.Status.WITHDRAWN)
    url = f"/admin/conferences/abstract/{abstract.pk}/change/"
    data = form_data(client.get(url))
    response = client.post(url, data | {"reviews-0-reviewer": str(expert.pk), "reviews-0-score": "5"})
    assert response.status_code == 200
    assert Review.objects.count() == 0
    assert client.post(url, data).status_code == 302
