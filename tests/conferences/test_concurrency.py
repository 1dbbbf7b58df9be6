"""Submissions posted at the same moment, on PostgreSQL, through a live server: none lost, none doubled.

Run on PostgreSQL (DATABASE_URL=postgres://…); skipped on SQLite, which serialises writers.
The figures measured are printed (run with -s to see them).
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.urls import reverse

from conferences import delivery
from conferences.models import Abstract, AbstractAuthor, LetterOfInterest, OutgoingEmail, SimulationSubmission

from . import live
from .conftest import abstract_data
from .factories import ConferenceFactory
from .live import Browser
from .test_emails import free_port
from .test_letters_and_simulations import letter_data, series, simulation_data, simulation_url  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

busy_server = live.busy_server


@pytest.fixture(autouse=True)
def _postgres_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is measured on PostgreSQL (set DATABASE_URL=postgres://…)")
    settings.SUBMISSION_RATE_LIMIT = 1000  # every post comes from 127.0.0.1


def post_all(server_url, conference, payloads):
    """Post every payload at once (one thread each, released together); ``(results, seconds)``."""
    return post_all_to(server_url, reverse("conferences:abstract_submit", kwargs={"slug": conference.slug}), payloads)


def post_all_to(server_url, path, payloads, files=None):
    """Post every payload to ``path`` at once; ``files[i]``, if given, is the upload of payload ``i``
    (``{field: (name, bytes)}``)."""
    browser = Browser(server_url)
    browser.get(path)
    barrier = threading.Barrier(len(payloads))

    def post(i):
        barrier.wait()
        return browser.post(path, payloads[i], files[i] if files else None)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(payloads)) as pool:
        results = list(pool.map(post, range(len(payloads))))
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


# ---------- Letters of interest and simulations: the same content from separate form loads ----------

#: One letter as several people's browsers may send it: case, invisible characters, NFC and NFD.
LETTER_VARIANTS = [
    {"organisation": "Tbilisi Café Institute", "message": "We would like to co-host the café dialogue."},
    {"organisation": "TBILISI CAFÉ INSTITUTE", "message": "We would like to co-host the CAFÉ dialogue."},
    {"organisation": "Tbilisi Cafe\u0301 Institute", "message": "We would like to co-host the cafe\u0301 dialogue."},
    {
        "organisation": "Tbilisi Caf\u200bé Institute",
        "message": "We would\u2060 like to co-host the café\ufeff dialogue.",
    },
    {
        "organisation": "Tbilisi Café Institute",
        "message": "We  would like to co-host\nthe café dialogue.",
        "email": "Nino@Example.ORG",
    },
]
SIMULATION_VARIANTS = [
    {"title": "Three scenarios for the border", "text": "Scenario one: the trucks pay at the café."},
    {"title": "THREE SCENARIOS FOR THE BORDER", "text": "SCENARIO ONE: THE TRUCKS PAY AT THE CAFÉ."},
    {"title": "Three scenarios for the\u200b border", "text": "Scenario one: the trucks pay at the cafe\u0301."},
    {
        "title": "Three scenarios for the border",
        "text": "Scenario\u00ad one: the trucks pay at the café.",
        "email": "LEYLA@example.org",
    },
]


def media_files():
    """Every file in the upload folder (MEDIA_ROOT)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def acknowledgements(kind):
    return sorted(OutgoingEmail.objects.filter(kind__startswith=kind).values_list("kind", flat=True))


def letter_url(conference):
    return reverse("conferences:letter_submit", kwargs={"slug": conference.slug})


def test_the_same_letter_from_10_separate_form_loads_at_once_is_stored_once_with_one_set_of_mails(busy_server):
    conference = ConferenceFactory()
    payloads = [letter_data(**LETTER_VARIANTS[i % len(LETTER_VARIANTS)]) for i in range(10)]

    results, seconds = post_all_to(busy_server, letter_url(conference), payloads)

    print(f"\nThe same letter from 10 form loads at once: {LetterOfInterest.objects.count()} letter, {seconds:.2f} s")
    assert {status for status, _location in results} == {302}
    letter = LetterOfInterest.objects.get()
    assert {location for _status, location in results} == {
        f"/conference/{conference.slug}/partners/received/{letter.submission_token}/"
    }
    assert acknowledgements("letter") == ["letter_editors", "letter_received"]


def test_different_letters_posted_at_once_are_each_stored_with_their_own_mails(busy_server):
    conference = ConferenceFactory()
    others = [
        {"message": "We would like to co-host the workshop on trade."},  # another letter
        {"organisation": "Yerevan Dialogue Forum"},  # another organisation
        {"email": "giorgi@example.org"},  # another sender
    ]
    payloads = [letter_data(**(others[i % 4] if i % 4 < 3 else {})) for i in range(12)]

    results, _seconds = post_all_to(busy_server, letter_url(conference), payloads)

    assert {status for status, _location in results} == {302}
    assert LetterOfInterest.objects.count() == 4
    assert len({location for _status, location in results}) == 4
    assert acknowledgements("letter") == ["letter_editors"] * 4 + ["letter_received"] * 4


def test_the_same_simulation_from_10_separate_form_loads_at_once_is_stored_once(busy_server, series):  # noqa: F811
    payloads = [simulation_data(**SIMULATION_VARIANTS[i % len(SIMULATION_VARIANTS)]) for i in range(10)]

    results, _seconds = post_all_to(busy_server, simulation_url(series), payloads)

    assert {status for status, _location in results} == {302}
    simulation = SimulationSubmission.objects.get()
    assert {location for _status, location in results} == {
        f"/conference/simulations/received/{simulation.submission_token}/"
    }
    assert acknowledgements("simulation") == ["simulation_editors", "simulation_received"]
    assert media_files() == []


def test_the_same_file_from_10_separate_form_loads_at_once_is_stored_once_and_no_copy_is_left(busy_server, series):  # noqa: F811
    content = b"%PDF-1.7\n" + b"the same scenarios " * 20_000  # about 380 KB
    payloads = [simulation_data(**SIMULATION_VARIANTS[i % len(SIMULATION_VARIANTS)]) for i in range(10)]
    files = [{"file": (f"scenarios-{i}.pdf", content)} for i in range(10)]  # the same bytes, any name

    results, seconds = post_all_to(busy_server, simulation_url(series), payloads, files)

    print(f"\nThe same file from 10 form loads at once: {len(media_files())} file stored, {seconds:.2f} s")
    assert {status for status, _location in results} == {302}
    simulation = SimulationSubmission.objects.get()
    assert len({location for _status, location in results}) == 1
    assert acknowledgements("simulation") == ["simulation_editors", "simulation_received"]
    assert media_files() == [Path(settings.MEDIA_ROOT) / simulation.file.name]
    assert simulation.file_size == len(content)


def test_different_files_with_the_same_text_posted_at_once_are_each_stored(busy_server, series):  # noqa: F811
    payloads = [simulation_data() for _i in range(8)]
    files = [{"file": ("scenarios.pdf", b"%PDF-1.7\n" + f"version {i % 4}".encode())} for i in range(8)]

    results, _seconds = post_all_to(busy_server, simulation_url(series), payloads, files)

    assert {status for status, _location in results} == {302}
    assert len({location for _status, location in results}) == 4
    stored = SimulationSubmission.objects.values_list("file", flat=True)
    assert sorted(Path(settings.MEDIA_ROOT, name) for name in stored) == media_files()  # four rows, four files
    assert len(media_files()) == 4
    assert len(acknowledgements("simulation_received")) == 4
