"""Submissions posted at the same moment, on PostgreSQL, through a live server: none lost, none doubled.

Run on PostgreSQL (DATABASE_URL=postgres://…); skipped on SQLite, which serialises writers.
The figures measured are printed (run with -s to see them).
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from conferences import delivery
from conferences.models import Abstract, AbstractAuthor, OutgoingEmail

from . import live
from .conftest import abstract_data
from .factories import ConferenceFactory
from .live import Browser
from .test_emails import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

busy_server = live.busy_server


@pytest.fixture(autouse=True)
def _postgres_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is measured on PostgreSQL (set DATABASE_URL=postgres://…)")
    settings.SUBMISSION_RATE_LIMIT = 1000  # every post comes from 127.0.0.1


def post_all(server_url, conference, payloads):
    """Post every payload at once (one thread each, released together); ``(results, seconds)``."""
    browser = Browser(server_url)
    path = reverse("conferences:abstract_submit", kwargs={"slug": conference.slug})
    browser.get(path)
    barrier = threading.Barrier(len(payloads))

    def post(data):
        barrier.wait()
        return browser.post(path, data)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(payloads)) as pool:
        results = list(pool.map(post, payloads))
    return results, time.perf_counter() - started


def test_50_submissions_posted_at_once_make_50_abstracts_and_no_error(busy_server):
    conference = ConferenceFactory()
    payloads = [
        abstract_data(
            conference,
            title=f"Paper {i}",
            authors=[
                (f"Author {i}", "Institute", f"author{i}@example.org"),
                ("Co Author", "Institute", f"co{i}@example.org"),
            ],
        )
        for i in range(50)
    ]

    results, seconds = post_all(busy_server, conference, payloads)

    statuses = [status for status, _location in results]
    errors = len(statuses) - statuses.count(302)
    print(f"\n50 different submissions at once: {statuses.count(302)} stored, {errors} errors, {seconds:.2f} s")
    assert statuses == [302] * 50
    assert Abstract.objects.count() == 50
    assert AbstractAuthor.objects.count() == 100
    assert OutgoingEmail.objects.count() == 150  # contact, co-author and editors for each
    assert len({location for _status, location in results}) == 50


def test_the_same_submission_posted_20_times_at_once_makes_1_abstract_and_1_confirmation(busy_server):
    conference = ConferenceFactory()
    data = abstract_data(conference)

    results, seconds = post_all(busy_server, conference, [data] * 20)

    print(
        f"\nThe same submission 20 times at once: {Abstract.objects.count()} abstract, "
        f"{OutgoingEmail.objects.filter(kind='abstract_received_contact').count()} confirmation, {seconds:.2f} s"
    )
    assert {status for status, _location in results} == {302}
    assert len({location for _status, location in results}) == 1
    assert Abstract.objects.count() == 1
    assert OutgoingEmail.objects.filter(kind="abstract_received_contact").count() == 1
    assert OutgoingEmail.objects.count() == 3


def test_the_same_abstract_from_10_separate_form_loads_at_once_is_stored_once_with_one_confirmation(busy_server):
    conference = ConferenceFactory()
    # Each post is its own form load (its own token); the title and text differ only in case, width
    # and invisible characters, which the typed-text policy folds away.
    variants = [
        "Trust across the line",
        "TRUST ACROSS THE LINE",
        "Trust across the\u200b line",
        "Ｔrust across the line",
    ]
    payloads = [abstract_data(conference, title=variants[i % len(variants)]) for i in range(10)]

    results, seconds = post_all(busy_server, conference, payloads)

    print(f"\nThe same abstract from 10 form loads at once: {Abstract.objects.count()} abstract, {seconds:.2f} s")
    assert {status for status, _location in results} == {302}
    assert Abstract.objects.count() == 1
    assert OutgoingEmail.objects.filter(kind="abstract_received_contact").count() == 1


def test_the_same_abstract_sent_again_after_it_was_withdrawn_is_a_new_submission(busy_server):
    conference = ConferenceFactory()
    first, _seconds = post_all(busy_server, conference, [abstract_data(conference)])
    Abstract.objects.update(status=Abstract.Status.WITHDRAWN)
    again, _seconds = post_all(busy_server, conference, [abstract_data(conference)])
    assert [status for status, _ in first + again] == [302, 302]
    assert Abstract.objects.count() == 2


def test_with_the_mail_server_down_the_abstract_is_stored_and_its_emails_go_out_on_retry(busy_server, settings):
    conference = ConferenceFactory()
    locmem = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2, "use_tls": False},
        }
    }

    ((status, _location),) = post_all(busy_server, conference, [abstract_data(conference)])[0]
    assert delivery.send_due_emails() == (0, 3)

    assert status == 302
    assert Abstract.objects.count() == 1
    settings.MAILERS = locmem
    OutgoingEmail.objects.update(next_attempt_at=OutgoingEmail.objects.first().created_at)  # make the retry due now
    assert delivery.send_due_emails() == (3, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "editors@example.org", "elvin@example.org"]
