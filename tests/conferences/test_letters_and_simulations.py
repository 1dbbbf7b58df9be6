"""Partner organisations' letters of interest and readers' simulations: stored once, never lost, flood-limited."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Series
from conferences.models import LetterOfInterest, OutgoingEmail, SimulationSubmission

from .factories import ConferenceFactory, editor
from .html import field_errors, texts

pytestmark = pytest.mark.django_db

INVITATION = "<p>Send us your simulation of the Iran–Azerbaijan border conflict.</p>"


@pytest.fixture
def series():
    return Series.objects.create(title="The Caucasus Conflict", slug="caucasus-conflict", invitation=INVITATION)


def letter_data(**overrides):
    return {
        "submission_token": str(uuid.uuid4()),
        "homepage": "",
        "organisation": "Tbilisi Peace Institute",
        "contact_person": "Nino Beridze",
        "email": "nino@example.org",
        "website": "https://peace.example.org",
        "message": "We would like to co-host the workshop on dialogue.",
    } | overrides


def simulation_data(**overrides):
    return {
        "submission_token": str(uuid.uuid4()),
        "homepage": "",
        "full_name": "Leyla Mammadova",
        "position": "Senior analyst, Baku Policy Institute",
        "email": "leyla@example.org",
        "phone": "+994 50 123 45 67",
        "title": "Three scenarios for the border",
        "text": "Scenario one: the trucks pay and the border stays calm.",
    } | overrides


# ---------- Letters of interest ----------


def test_a_letter_of_interest_is_stored_and_both_sender_and_editors_are_written_to(client):
    conference = ConferenceFactory()
    url = reverse("conferences:letter_submit", kwargs={"slug": conference.slug})

    response = client.post(url, letter_data())

    letter = LetterOfInterest.objects.get()
    assert response["Location"] == f"/conference/{conference.slug}/partners/received/{letter.submission_token}/"
    assert (letter.organisation, letter.contact_person, letter.email) == (
        "Tbilisi Peace Institute",
        "Nino Beridze",
        "nino@example.org",
    )
    assert sorted(OutgoingEmail.objects.values_list("kind", "to", "reply_to")) == [
        ("letter_editors", "editors@example.org", "nino@example.org"),
        ("letter_received", "nino@example.org", "info@thecaucasuscenter.org"),
    ]
    page = client.get(response["Location"])
    assert texts(page, "conf-confirmation") == [
        "We received your letter of interest and have sent a copy to nino@example.org. Our editors will answer soon."
    ]


def test_a_letter_posted_twice_is_stored_once(client):
    conference = ConferenceFactory()
    url = reverse("conferences:letter_submit", kwargs={"slug": conference.slug})
    data = letter_data()
    assert client.post(url, data)["Location"] == client.post(url, data)["Location"]
    assert LetterOfInterest.objects.count() == 1


def test_a_letter_with_errors_keeps_what_was_typed(client):
    conference = ConferenceFactory()
    response = client.post(
        reverse("conferences:letter_submit", kwargs={"slug": conference.slug}), letter_data(email="")
    )
    assert field_errors(response) == {"email": ["Enter an email address we can answer."]}
    assert "We would like to co-host the workshop on dialogue." in response.content.decode()


def test_a_flood_of_letters_is_told_to_try_later(client, settings):
    settings.SUBMISSION_RATE_LIMIT = 1
    conference = ConferenceFactory()
    url = reverse("conferences:letter_submit", kwargs={"slug": conference.slug})
    client.post(url, letter_data())
    response = client.post(url, letter_data(organisation="Second", message="Another offer."))
    assert response.status_code == 429
    assert texts(response, "conf-refusal")[0].startswith("Too many submissions have come from your address recently.")
    assert 'value="Second"' in response.content.decode()


# ---------- Simulations ----------


def simulation_url(series):
    return reverse("conferences:simulation_submit", kwargs={"series_slug": series.slug})


def test_a_series_that_invites_simulations_has_a_form_and_others_do_not(client, series):
    response = client.get(simulation_url(series))
    assert texts(response, "page-head__title") == ["Submit your simulation"]
    assert list(response.context["form"].fields) == [
        "full_name",
        "position",
        "email",
        "phone",
        "title",
        "text",
        "file",
        "submission_token",
        "homepage",
        "kept_file",
    ]
    quiet = Series.objects.create(title="Quiet", slug="quiet")
    assert client.get(simulation_url(quiet)).status_code == 404


def test_the_series_page_includes_the_form_with_one_tag(series):
    request = RequestFactory().get("/series/caucasus-conflict/")
    template = Template("{% load conferences %}{% simulation_form series %}")

    html = template.render(Context({"series": series, "request": request}))

    assert f'action="/conference/simulations/{series.slug}/"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="submission_token"' in html
    assert template.render(Context({"series": Series(title="No", slug="no"), "request": request})) == ""


def test_a_simulation_is_stored_with_its_file_and_both_sender_and_editors_are_written_to(client, series):
    pdf = SimpleUploadedFile("scenarios.pdf", b"%PDF-1.7\n1 0 obj\n")

    response = client.post(simulation_url(series), simulation_data(text="", file=pdf))

    simulation = SimulationSubmission.objects.get()
    assert response["Location"] == f"/conference/simulations/received/{simulation.submission_token}/"
    assert simulation.series == series
    assert simulation.file.name.startswith("simulations/")
    assert simulation.file.name.endswith("/scenarios.pdf")
    with simulation.file.open("rb"):
        assert simulation.file.read() == b"%PDF-1.7\n1 0 obj\n"
    assert sorted(OutgoingEmail.objects.values_list("kind", "to")) == [
        ("simulation_editors", "editors@example.org"),
        ("simulation_received", "leyla@example.org"),
    ]


def test_a_file_sent_with_an_error_elsewhere_is_kept_so_it_need_not_be_attached_again(client, series):
    pdf = SimpleUploadedFile("scenarios.pdf", b"%PDF-1.7\n")

    first = client.post(simulation_url(series), simulation_data(text="", phone="", file=pdf))

    assert field_errors(first) == {"phone": ["Enter a phone number."]}
    assert texts(first, "conf-kept-file") == [
        "Your file scenarios.pdf is kept: you need not attach it again. Choose another file to replace it."
    ]
    kept = first.context["form"]["kept_file"].value()

    second = client.post(simulation_url(series), simulation_data(text="", kept_file=kept))

    assert field_errors(second) == {}
    assert second.status_code == 302
    assert SimulationSubmission.objects.get().file.name.endswith("/scenarios.pdf")


def test_a_forged_kept_file_is_ignored(client, series):
    response = client.post(simulation_url(series), simulation_data(text="", kept_file="simulations/x/secret.pdf"))
    assert field_errors(response) == {"text": ["Paste the text of your simulation or attach a file."]}


def test_a_simulation_posted_twice_is_stored_once(client, series):
    data = simulation_data()
    assert (
        client.post(simulation_url(series), data)["Location"] == client.post(simulation_url(series), data)["Location"]
    )
    assert SimulationSubmission.objects.count() == 1


def test_the_simulation_honeypot_and_rate_limit_explain_themselves(client, series, settings):
    settings.SUBMISSION_RATE_LIMIT = 1
    trapped = client.post(simulation_url(series), simulation_data(homepage="x"))
    assert list(field_errors(trapped)) == ["homepage"]
    client.post(simulation_url(series), simulation_data())
    flooded = client.post(simulation_url(series), simulation_data(title="Another"))
    assert flooded.status_code == 429
    assert SimulationSubmission.objects.count() == 1


def test_editors_download_a_simulations_file_and_readers_cannot(client, series):
    client.post(simulation_url(series), simulation_data(file=SimpleUploadedFile("s.txt", b"plain text")))
    simulation = SimulationSubmission.objects.get()
    url = f"/admin/conferences/simulationsubmission/{simulation.pk}/file/"

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(editor())
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="s.txt"'
    assert b"".join(response.streaming_content) == b"plain text"


def test_a_series_that_stopped_inviting_refuses_a_post_before_pointing_at_its_errors(client, series):
    url = simulation_url(series)
    series.invitation = ""
    series.save()

    response = client.post(url, simulation_data(phone=""))

    assert response.status_code == 403
    assert texts(response, "conf-refusal") == [
        "This series is no longer inviting simulations, so we could not accept yours. "
        "Here is what you wrote, so that you can keep a copy."
    ]
    assert 'value="Three scenarios for the border"' in response.content.decode()
    assert texts(response, "conf-button") == []
    assert SimulationSubmission.objects.count() == 0


def test_a_letter_is_welcome_after_the_call_has_closed(client):
    conference = ConferenceFactory(closed=True)
    response = client.post(reverse("conferences:letter_submit", kwargs={"slug": conference.slug}), letter_data())
    assert response.status_code == 302
    assert LetterOfInterest.objects.count() == 1
