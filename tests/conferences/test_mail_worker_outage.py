"""The outbox worker outlives its database connection: ended by the server (as when PostgreSQL
restarts), the worker logs it, connects again and sends what was queued meanwhile; nothing is lost
and nothing is sent twice. The worker is the real ``send_emails --loop`` in its own process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from conferences.models import OutgoingEmail

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="ends PostgreSQL backends"),
]

ROOT = Path(__file__).resolve().parent.parent.parent
WORKER = "ccsis-mail-worker-under-test"


def queue(n, start=0):
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(to=f"author{i}@example.org", subject=f"Message {i}", body="Thank you.")
        for i in range(start, start + n)
    )


def wait_until(condition, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def worker_env(mail_dir):
    params = connection.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "EMAIL_", "REDIS_"))}
    return env | {
        "DATABASE_URL": url,
        "PGAPPNAME": WORKER,  # libpq names the worker's connection, so the test ends that one only
        "DATABASE_CONN_MAX_AGE": "600",  # the worker keeps its connection, as in production
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }


def sent():
    return OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count()


def test_the_worker_reconnects_after_its_connection_is_ended_and_sends_each_message_once(tmp_path):
    queue(3)
    mail_dir = tmp_path / "mail"
    command = [sys.executable, "manage.py", "send_emails", "--loop", "--interval", "0.2"]
    worker = subprocess.Popen(
        command, cwd=ROOT, env=worker_env(mail_dir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert wait_until(lambda: sent() == 3, 30), "the worker sent nothing"

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params, autocommit=True) as other:
            ended = other.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND application_name = %s",
                [WORKER],
            ).fetchone()[0]
        assert ended == 1  # the worker's connection

        queue(2, start=3)
        assert wait_until(lambda: sent() == 5, 30), "the worker did not come back"
        assert worker.poll() is None  # still running
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]

    files = list(mail_dir.iterdir())
    messages = "".join(path.read_text() for path in files)
    assert sorted(messages.count(f"Subject: Message {i}\n") for i in range(5)) == [1] * 5, output
