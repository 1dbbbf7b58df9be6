"""A letter of interest or a simulation is stored once per content, whichever form load sent it: the
database holds one row per fingerprint (the content under the typed-text policy's ``fold``: case,
width, invisible characters, NFC or NFD and runs of white space do not count; a simulation's file
counts by its bytes). What differs in anything a reader would see is a new submission.

These run on SQLite and PostgreSQL through the real forms (Django's test client) and the services;
tests/conferences/test_concurrency.py posts the same at once through a live server (PostgreSQL).
"""

import hashlib
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from conferences import services
from conferences.forms import LetterOfInterestForm, SimulationForm
from conferences.models import LetterOfInterest, OutgoingEmail, SimulationSubmission

from .factories import ConferenceFactory, editor
from .test_letters_and_simulations import letter_data, series, simulation_data, simulation_url  # noqa: F401
from .test_uploads import stored

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< the scenarios >>\n"
BASE_LETTER = {"organisation": "Tbilisi Café Institute", "message": "We would like to co-host the café dialogue."}
LETTER_TWINS = {
    "capitals": {"organisation": "TBILISI CAFÉ INSTITUTE", "message": "WE WOULD LIKE TO CO-HOST THE CAFÉ DIALOGUE."},
    "NFD": {
        "organisation": "Tbilisi Cafe\u0301 Institute",
        "message": "We would like to co-host the cafe\u0301 dialogue.",
    },
    "zero-width space, word joiner, BOM, soft hyphen": {
        "organisation": "Tbilisi Caf\u200bé Insti\u00adtute",
        "message": "We would\u2060 like to co-host the café\ufeff dialogue.",
    },
    "white space and the address's case": {
        "message": "We  would like\n\nto co-host the café dialogue.  ",
        "email": "Nino@EXAMPLE.org",
    },
    "full-width letters": {"organisation": "Ｔｂｉｌｉｓｉ Café Institute"},
}
LETTER_OTHERS = {
    "another letter": {"message": "We would like to co-host the café dialogue in spring."},
    "another organisation": {"organisation": "Tbilisi Tea Institute"},
    "another address": {"email": "giorgi@example.org"},
    "an accent that is read": {"message": "We would like to co-host the cafe dialogue."},
}
BASE_SIMULATION = {"title": "Three scenarios for the border", "text": "Scenario one: the trucks pay at the café."}
SIMULATION_TWINS = {
    "capitals": {"title": "THREE SCENARIOS FOR THE BORDER", "text": "SCENARIO ONE: THE TRUCKS PAY AT THE CAFÉ."},
    "NFD": {"text": "Scenario one: the trucks pay at the cafe\u0301."},
    "invisible characters": {
        "title": "Three\u200b scenarios for the\u2060 border",
        "text": "Sce\u00adnario one: the trucks pay at the café.\ufeff",
    },
    "white space and the address's case": {
        "text": "Scenario one:\n\nthe trucks pay   at the café.",
        "email": "LEYLA@example.org",
    },
}
SIMULATION_OTHERS = {
    "another title": {"title": "Four scenarios for the border"},
    "another text": {"text": "Scenario two: the trucks wait at the café."},
    "another address": {"email": "rashad@example.org"},
}


def letter_url(conference):
    return reverse("conferences:letter_submit", kwargs={"slug": conference.slug})


def mails(kind):
    return OutgoingEmail.objects.filter(kind__startswith=kind).count()


# ---------- Letters, through the form ----------


@pytest.mark.parametrize("twin", LETTER_TWINS.values(), ids=LETTER_TWINS.keys())
def test_the_same_letter_from_another_form_load_is_the_stored_one(client, twin):
    conference = ConferenceFactory()
    first = client.post(letter_url(conference), letter_data(**BASE_LETTER))
    again = client.post(letter_url(conference), letter_data(**BASE_LETTER | twin))  # a new token

    assert (first.status_code, again.status_code) == (302, 302)
    assert again["Location"] == first["Location"]
    assert LetterOfInterest.objects.count() == 1
    assert mails("letter") == 2  # the sender's copy and the editors', once


@pytest.mark.parametrize("other", LETTER_OTHERS.values(), ids=LETTER_OTHERS.keys())
def test_a_letter_that_differs_in_what_a_reader_sees_is_a_second_letter(client, other):
    conference = ConferenceFactory()
    first = client.post(letter_url(conference), letter_data(**BASE_LETTER))
    second = client.post(letter_url(conference), letter_data(**BASE_LETTER | other))

    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] != second["Location"]
    assert LetterOfInterest.objects.count() == 2
    assert mails("letter") == 4


def test_the_same_letter_to_another_call_is_a_second_letter(client):
    one, other = ConferenceFactory(), ConferenceFactory()
    assert client.post(letter_url(one), letter_data(**BASE_LETTER)).status_code == 302
    assert client.post(letter_url(other), letter_data(**BASE_LETTER)).status_code == 302
    assert LetterOfInterest.objects.count() == 2


# ---------- Letters, the loser of a race (the database's constraint, past every check) ----------


def bound_letter(**overrides):
    form = LetterOfInterestForm(letter_data(**BASE_LETTER | overrides))
    assert form.is_valid(), form.errors
    return form


@pytest.mark.parametrize("twin", LETTER_TWINS.values(), ids=LETTER_TWINS.keys())
def test_a_letter_that_reaches_the_insert_after_its_twin_gets_the_twin(twin):
    conference = ConferenceFactory()
    first, created = services.submit_letter(conference, bound_letter(), "192.0.2.1")
    same, created_again = services.submit_letter(conference, bound_letter(**twin), "192.0.2.2")

    assert (created, created_again) == (True, False)
    assert same == first
    assert LetterOfInterest.objects.count() == 1
    assert mails("letter") == 2
    assert first.fingerprint == services.letter_fingerprint(
        conference.pk, "nino@example.org", BASE_LETTER["organisation"], BASE_LETTER["message"]
    )


# ---------- Simulations, through the form ----------


@pytest.mark.parametrize("twin", SIMULATION_TWINS.values(), ids=SIMULATION_TWINS.keys())
def test_the_same_simulation_from_another_form_load_is_the_stored_one(client, series, twin):  # noqa: F811
    first = client.post(simulation_url(series), simulation_data(**BASE_SIMULATION))
    again = client.post(simulation_url(series), simulation_data(**BASE_SIMULATION | twin))

    assert (first.status_code, again.status_code, again["Location"]) == (302, 302, first["Location"])
    assert SimulationSubmission.objects.count() == 1
    assert mails("simulation") == 2


@pytest.mark.parametrize("other", SIMULATION_OTHERS.values(), ids=SIMULATION_OTHERS.keys())
def test_a_simulation_that_differs_in_what_a_reader_sees_is_a_second_one(client, series, other):  # noqa: F811
    first = client.post(simulation_url(series), simulation_data(**BASE_SIMULATION))
    second = client.post(simulation_url(series), simulation_data(**BASE_SIMULATION | other))

    assert first["Location"] != second["Location"]
    assert SimulationSubmission.objects.count() == 2
    assert mails("simulation") == 4


@pytest.mark.parametrize("text", ["", BASE_SIMULATION["text"]], ids=["file only", "text and file"])
def test_the_same_file_under_another_name_is_the_stored_simulation_and_no_copy_is_kept(client, series, text):  # noqa: F811
    data = BASE_SIMULATION | {"text": text}
    first = client.post(simulation_url(series), simulation_data(**data, file=SimpleUploadedFile("a.pdf", PDF)))
    twin = data | {"title": data["title"].upper()}
    again = client.post(simulation_url(series), simulation_data(**twin, file=SimpleUploadedFile("b.pdf", PDF)))

    assert (first.status_code, again.status_code, again["Location"]) == (302, 302, first["Location"])
    simulation = SimulationSubmission.objects.get()
    assert stored() == [simulation.file.name]
    assert simulation.file_size == len(PDF)
    assert mails("simulation") == 2


@pytest.mark.parametrize(
    "second",
    [
        {"file": lambda: SimpleUploadedFile("a.pdf", PDF + b"%% one more line\n")},  # other bytes, same name
        {"file": lambda: SimpleUploadedFile("a.pdf", PDF), "text": "Scenario one, and another file."},
        {"file": None},  # the same text without the file
    ],
    ids=["other bytes", "other text", "no file"],
)
def test_a_simulation_whose_file_or_text_differs_is_a_second_one(client, series, second):  # noqa: F811
    make = second.pop("file")
    data = BASE_SIMULATION | {"text": "Scenario one, and a file."}
    first = client.post(simulation_url(series), simulation_data(**data, file=SimpleUploadedFile("a.pdf", PDF)))
    again = client.post(simulation_url(series), simulation_data(**data | second, **({"file": make()} if make else {})))

    assert (first.status_code, again.status_code) == (302, 302)
    assert first["Location"] != again["Location"]
    assert SimulationSubmission.objects.count() == 2
    assert sorted(SimulationSubmission.objects.exclude(file="").values_list("file", flat=True)) == stored()


def test_a_file_kept_for_a_form_whose_twin_was_stored_meanwhile_is_removed(client, series):  # noqa: F811
    # One form load is shown back (a missing phone number) with its file kept; another sends the same.
    shown_back = client.post(simulation_url(series), simulation_data(phone="", file=SimpleUploadedFile("a.pdf", PDF)))
    kept = shown_back.context["form"]["kept_file"].value()
    assert len(stored()) == 1
    twin = client.post(simulation_url(series), simulation_data(file=SimpleUploadedFile("b.pdf", PDF)))

    again = client.post(simulation_url(series), simulation_data(kept_file=kept))

    assert (twin.status_code, again.status_code, again["Location"]) == (302, 302, twin["Location"])
    assert stored() == [SimulationSubmission.objects.get().file.name]
    assert mails("simulation") == 2


# ---------- Simulations, the loser of a race ----------


def bound_simulation(upload=None, **overrides):
    form = SimulationForm(simulation_data(**BASE_SIMULATION | overrides), {"file": upload} if upload else None)
    assert form.is_valid(), form.errors
    return form


@pytest.mark.parametrize("with_file", [False, True], ids=["text", "text and file"])
def test_a_simulation_that_reaches_the_insert_after_its_twin_gets_the_twin_and_leaves_no_file(series, with_file):  # noqa: F811
    def upload(name):
        return SimpleUploadedFile(name, PDF) if with_file else None

    first, created = services.submit_simulation(series, bound_simulation(upload("a.pdf")), "192.0.2.1")
    same, created_again = services.submit_simulation(
        series, bound_simulation(upload("b.pdf"), **SIMULATION_TWINS["capitals"]), "192.0.2.2"
    )

    assert (created, created_again, same) == (True, False, first)
    assert SimulationSubmission.objects.count() == 1
    assert stored() == ([first.file.name] if with_file else [])  # the losing post's file was removed
    assert mails("simulation") == 2
    digest = hashlib.sha256(PDF).hexdigest() if with_file else ""
    assert first.fingerprint == services.simulation_fingerprint(
        series.pk, "leyla@example.org", BASE_SIMULATION["title"], BASE_SIMULATION["text"], digest
    )


# ---------- The admin: editing never collides ----------


def typed(data):
    """A form's POST as model fields: a twin stored without a fingerprint, as before migration 0006."""
    return {name: value for name, value in data.items() if name not in ("homepage", "submission_token")}


def test_editors_change_twins_stored_before_the_constraint_without_a_collision(client, series):  # noqa: F811
    conference = ConferenceFactory()
    letter, _ = services.submit_letter(conference, bound_letter(), "192.0.2.1")
    older = LetterOfInterest.objects.create(conference=conference, **typed(letter_data(**BASE_LETTER)))
    simulation, _ = services.submit_simulation(series, bound_simulation(), "192.0.2.1")
    older_simulation = SimulationSubmission.objects.create(series=series, **typed(simulation_data(**BASE_SIMULATION)))
    client.force_login(editor())

    for row in (letter, older):
        response = client.post(
            f"/admin/conferences/letterofinterest/{row.pk}/change/", {"handled": "on", "notes": "Answered."}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    for row in (simulation, older_simulation):
        response = client.post(
            f"/admin/conferences/simulationsubmission/{row.pk}/change/", {"status": "accepted", "notes": "Good."}
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    assert list(LetterOfInterest.objects.order_by("pk").values_list("handled", "fingerprint")) == [
        (True, letter.fingerprint),
        (True, ""),
    ]
    assert list(SimulationSubmission.objects.order_by("pk").values_list("status", "fingerprint")) == [
        ("accepted", simulation.fingerprint),
        ("accepted", ""),
    ]


# ---------- Migration 0006: stored rows get their fingerprints, stored twins do not break it ----------


@pytest.fixture
def _latest_schema_afterwards():
    """The migrations after 0006 (0007: the outbox's headers) are applied again when the test ends,
    so that the tests after it on this worker find the schema they expect."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_latest_schema_afterwards")
def test_the_migration_fingerprints_stored_rows_and_leaves_later_twins_without_one(series):  # noqa: F811
    conference = ConferenceFactory()
    default_storage.save("simulations/old/a.pdf", ContentFile(PDF))
    executor = MigrationExecutor(connection)
    executor.migrate([("conferences", "0005_abstract_fingerprint")])
    before = executor.loader.project_state([("conferences", "0005_abstract_fingerprint")]).apps
    OldLetter = before.get_model("conferences", "LetterOfInterest")
    OldSimulation = before.get_model("conferences", "SimulationSubmission")
    letters = [
        OldLetter.objects.create(
            conference_id=conference.pk, submission_token=uuid.uuid4(), contact_person="Nino", **fields
        )
        for fields in (
            {"organisation": "Peace Institute", "email": "nino@example.org", "message": "Hello."},
            {"organisation": "PEACE INSTITUTE", "email": "Nino@example.org", "message": "Hello."},  # its twin
            {"organisation": "Peace Institute", "email": "nino@example.org", "message": "Bye."},
        )
    ]
    person = {"full_name": "Leyla", "position": "Analyst", "email": "leyla@example.org", "phone": "+994 50 1"}
    simulations = [
        OldSimulation.objects.create(series_id=series.pk, submission_token=uuid.uuid4(), **person, **fields)
        for fields in (
            {"title": "Scenarios", "text": "Text.", "file": "simulations/old/a.pdf"},
            {"title": "SCENARIOS", "text": "Text.", "file": "simulations/old/a.pdf"},  # the same file, stored twice
            {"title": "Scenarios", "text": "Text."},  # no file: another simulation
            {"title": "Scenarios", "text": "", "file": "simulations/gone/b.pdf"},  # a file storage no longer has
        )
    ]

    executor = MigrationExecutor(connection)
    executor.migrate([("conferences", "0006_contribution_fingerprints")])
    executor = MigrationExecutor(
        connection
    )  # then on to the latest schema, which the models below (and later tests) use
    executor.migrate(executor.loader.graph.leaf_nodes())

    found = letters_found = {row.pk: row for row in LetterOfInterest.objects.all()}
    assert found[letters[0].pk].fingerprint == services.letter_fingerprint(
        conference.pk, "nino@example.org", "Peace Institute", "Hello."
    )
    assert found[letters[1].pk].fingerprint == ""  # the later twin
    assert found[letters[2].pk].fingerprint == services.letter_fingerprint(
        conference.pk, "nino@example.org", "Peace Institute", "Bye."
    )
    found = {row.pk: row for row in SimulationSubmission.objects.all()}
    digest = hashlib.sha256(PDF).hexdigest()
    first, twin, text_only, gone = (found[row.pk] for row in simulations)
    assert first.fingerprint == services.simulation_fingerprint(
        series.pk, "leyla@example.org", "Scenarios", "Text.", digest
    )
    assert (first.file_size, twin.file_size, twin.fingerprint) == (len(PDF), len(PDF), "")
    assert text_only.fingerprint == services.simulation_fingerprint(
        series.pk, "leyla@example.org", "Scenarios", "Text."
    )
    assert (gone.file_size, len(gone.fingerprint)) == (0, 64)
    with pytest.raises(IntegrityError):  # the constraint holds from now on
        LetterOfInterest.objects.filter(pk=letters[1].pk).update(fingerprint=letters_found[letters[0].pk].fingerprint)
