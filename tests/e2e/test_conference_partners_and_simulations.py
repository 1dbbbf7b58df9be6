"""A partner organisation sends a letter of interest; a reader sends a simulation with a file, which is
kept when another field needs correcting."""

import pytest
from django.urls import reverse

from articles.models import Series
from conferences.models import LetterOfInterest, SimulationSubmission
from tests.conferences.factories import ConferenceFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_partner_organisation_sends_a_letter_of_interest(page, live_server):
    conference = ConferenceFactory(partner_info="We are looking for partner organisations.")
    page.goto(live_server.url + conference.get_absolute_url())
    page.get_by_role("link", name="Send a letter of interest").click()
    page.get_by_label("Organisation").fill("Tbilisi Peace Institute")
    page.get_by_label("Contact person").fill("Nino Beridze")
    page.get_by_label("Email").fill("nino@example.org")
    page.get_by_label("Your letter of interest").fill("We would like to co-host the workshop.")
    page.get_by_role("button", name="Send the letter").click()

    page.wait_for_url("**/partners/received/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, Tbilisi Peace Institute"
    assert LetterOfInterest.objects.get().message == "We would like to co-host the workshop."


def test_a_reader_sends_a_simulation_and_the_file_survives_a_correction(page, live_server, tmp_path):
    series = Series.objects.create(
        title="The Caucasus Conflict", slug="caucasus-conflict", invitation="<p>Send yours.</p>"
    )
    pdf = tmp_path / "scenarios.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n")
    page.goto(live_server.url + reverse("conferences:simulation_submit", kwargs={"series_slug": series.slug}))

    page.get_by_label("Full name").fill("Leyla Mammadova")
    page.get_by_label("Your title").fill("Senior analyst")
    page.get_by_label("Email").fill("leyla@example.org")
    page.get_by_label("Title of your simulation").fill("Three scenarios")
    page.get_by_label("Or attach it as a file").set_input_files(str(pdf))
    page.get_by_role("button", name="Send the simulation").click()

    page.wait_for_load_state()
    assert page.locator("#id_phone_error").inner_text() == "Enter a phone number."
    assert page.locator("[data-kept-file]").inner_text().startswith("Your file scenarios.pdf is kept")
    page.get_by_label("Phone number").fill("+994 50 123 45 67")
    page.get_by_role("button", name="Send the simulation").click()

    page.wait_for_url("**/simulations/received/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, Leyla Mammadova"
    simulation = SimulationSubmission.objects.get()
    assert simulation.file.name.endswith("/scenarios.pdf")
    with simulation.file.open("rb"):
        assert simulation.file.read() == b"%PDF-1.7\n1 0 obj\n"
