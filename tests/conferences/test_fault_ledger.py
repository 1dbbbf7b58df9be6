"""Nothing lost, nothing doubled, whatever part fails: after each fault, every submission that was
stored has its file and its acknowledgement, and nothing else is left behind — rows == stored files ==
acknowledgement records — and once the fault is gone every acknowledgement is sent exactly once.

Each scenario sends several simulations with files through the real form while one part fails for
some of them: the mail backend (it cannot connect, or refuses one recipient), the storage (a full
disk for one file), the database (the connection lost in the middle of one submission). The other
faults of the family — the database out of reach, a connection ended mid-request or under the mail
worker, a sender who disconnects mid-upload — are in test_outage.py, test_mail_worker_outage.py and
test_uploads.py.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from conferences import delivery
from conferences.models import OutgoingEmail, SimulationSubmission

from .test_letters_and_simulations import series, simulation_data, simulation_url  # noqa: F401 (fixture)
from .test_mail_delivery import BACKENDS, mailer
from .test_uploads import PDF, stored

pytestmark = pytest.mark.django_db

SENDERS = ["anna@example.org", "refused@example.org", "elvin@example.org"]


def ledger():
    """(stored simulations, their files in storage, acknowledgements queued or sent to their senders)"""
    acknowledgements = OutgoingEmail.objects.filter(kind="simulation_received")
    return SimulationSubmission.objects.count(), len(stored()), acknowledgements.count()


def send_all(reader, series, *, file_name="scenarios.pdf"):  # noqa: F811
    """Send one simulation per sender; return the status of each answer."""
    statuses = []
    for number, sender in enumerate(SENDERS):
        name = file_name.format(sender=sender.split("@")[0])
        data = simulation_data(
            email=sender, title=f"Scenario {number}", file=SimpleUploadedFile(name, PDF + str(number).encode())
        )
        statuses.append(reader.post(simulation_url(series), data).status_code)
    return statuses


def deliver_everything_once(settings):
    """With a working mail server, send what is waiting (as the worker's later passes would); return
    every sender's acknowledgement delivered during the test, the failed passes' included."""
    mailer(settings, "django.core.mail.backends.locmem.EmailBackend")
    for _ in range(3):
        with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
            delivery.send_due_emails()
    return sorted(m.to[0] for m in mail.outbox if m.to[0] in SENDERS)


@pytest.mark.parametrize("backend", [f"{BACKENDS}.CannotConnect", f"{BACKENDS}.RefusesSomeRecipients"])
def test_a_failing_mail_backend_loses_no_submission_and_no_acknowledgement(client, series, settings, backend):  # noqa: F811
    assert send_all(client, series) == [302, 302, 302]
    mailer(settings, backend)
    delivery.send_due_emails()

    assert ledger() == (3, 3, 3)
    assert OutgoingEmail.objects.filter(kind="simulation_received").exclude(status="sent").exists()
    assert deliver_everything_once(settings) == sorted(SENDERS)
    assert ledger() == (3, 3, 3)
    assert set(OutgoingEmail.objects.filter(kind="simulation_received").values_list("status", flat=True)) == {"sent"}


def test_a_disk_that_fills_for_one_file_stores_the_others_whole(client, series, settings):  # noqa: F811
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.conferences.storage_faults.RefusesSomeFiles"},
    }
    statuses = send_all(client, series, file_name="{sender}.pdf")

    assert statuses == [302, 503, 302]  # the sender of the refused file is told, with the form kept
    assert ledger() == (2, 2, 2)
    assert deliver_everything_once(settings) == sorted(["anna@example.org", "elvin@example.org"])


def test_a_connection_lost_in_one_submission_takes_all_of_it_and_nothing_else(series, settings):  # noqa: F811
    def lose_the_refused_senders_mail(execute, sql, params, many, context):
        if 'INSERT INTO "conferences_outgoingemail"' in sql and "refused@example.org" in str(params):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    reader = Client(raise_request_exception=False)
    with connection.execute_wrapper(lose_the_refused_senders_mail):
        statuses = send_all(reader, series)

    assert statuses == [302, 503, 302]
    assert ledger() == (2, 2, 2)  # the lost one left no row, no file and no mail
    assert deliver_everything_once(settings) == sorted(["anna@example.org", "elvin@example.org"])
