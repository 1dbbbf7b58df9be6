"""A call (or a series) takes at most so many submissions an hour and a day, whoever sends them:
beyond, 429 with the form kept, one email to the editors, and nothing stored is touched. The files
sent with simulations share a storage quota: beyond it, 507 with the rest of the form kept, nothing
stored, one email to the editors; a simulation without a file is still accepted."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conferences.models import Abstract, LetterOfInterest, OutgoingEmail, SimulationSubmission

from .conftest import abstract_data
from .factories import ConferenceFactory
from .html import _Collector, field_errors, texts
from .test_letters_and_simulations import letter_data, series, simulation_data, simulation_url  # noqa: F401
from .test_uploads import stored

pytestmark = pytest.mark.django_db


def sender(n):
    return Client(REMOTE_ADDR=f"192.0.2.{n}")  # a different address each: the per-address limit stays out


def paused_mails():
    return OutgoingEmail.objects.filter(subject__startswith="Submissions paused").count()


@pytest.fixture
def call():
    return ConferenceFactory(slug="peace")


def post_abstract(client, call, n, **overrides):
    url = reverse("conferences:abstract_submit", kwargs={"slug": call.slug})
    people = [(f"Author {n}", "Institute", f"author{n}@example.org")]
    return client.post(url, abstract_data(call, authors=people, title=f"Paper {n}", **overrides))


@pytest.mark.parametrize(("hourly", "daily"), [(2, 100), (100, 2)])
def test_beyond_a_cap_the_form_is_kept_and_the_editors_are_told_once(call, settings, hourly, daily):
    settings.SUBMISSION_CAP_HOURLY, settings.SUBMISSION_CAP_DAILY = hourly, daily
    assert [post_abstract(sender(n), call, n).status_code for n in (1, 2)] == [302, 302]

    refused = post_abstract(sender(3), call, 3, text="Words typed with care.")
    again = post_abstract(sender(4), call, 4)

    assert (refused.status_code, again.status_code) == (429, 429)
    assert texts(refused, "conf-refusal")[0].startswith("This form is receiving an unusual number of submissions")
    assert refused.context["entry"].form["text"].value() == "Words typed with care."
    assert Abstract.objects.count() == 2
    assert paused_mails() == len(settings.EDITORS_EMAIL)  # once, not once per refusal


def test_the_hourly_cap_opens_again_an_hour_after_the_posts_that_filled_it(call, settings):
    settings.SUBMISSION_CAP_HOURLY = 1
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert post_abstract(sender(1), call, 1).status_code == 302
        assert post_abstract(sender(2), call, 2).status_code == 429
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert post_abstract(sender(3), call, 3).status_code == 302


def test_a_repeat_of_a_stored_submission_is_still_confirmed_beyond_the_cap(call, settings):
    settings.SUBMISSION_CAP_HOURLY = 1
    token = "3f0c1a4e-2b7d-4c8e-9a1f-5d6e7f8a9b0c"
    first = post_abstract(sender(1), call, 1, submission_token=token)
    repeat = post_abstract(sender(1), call, 1, submission_token=token)
    assert (first.status_code, repeat.status_code, repeat["Location"]) == (302, 302, first["Location"])


def test_letters_and_simulations_have_caps_too(call, series, settings):  # noqa: F811
    settings.SUBMISSION_CAP_HOURLY = 1
    letter_url = reverse("conferences:letter_submit", kwargs={"slug": call.slug})
    letters = [sender(n).post(letter_url, letter_data(email=f"p{n}@example.org")).status_code for n in (1, 2)]
    simulations = [
        sender(n).post(simulation_url(series), simulation_data(email=f"s{n}@example.org")).status_code for n in (1, 2)
    ]
    assert (letters, simulations) == ([302, 429], [302, 429])
    assert (LetterOfInterest.objects.count(), SimulationSubmission.objects.count()) == (1, 1)


# ---------- The storage quota of attachments (simulation files) ----------

KB = 1000


def quota_mails():
    return OutgoingEmail.objects.filter(subject="Simulation files refused: the attachment quota is full")


def shown_values(response, name):
    """The values the page shows in the fields called ``name`` (parsed: an input's value, a text area's text)."""
    collector = _Collector(lambda tag, attrs: attrs.get("name") == name)
    collector.feed(response.content.decode())
    return [value.strip() for value in collector.found]


def post_file(n, series, size=600 * KB, **overrides):  # noqa: F811
    """A simulation from sender ``n`` with a plain-text file of ``size`` bytes (its own bytes)."""
    upload = SimpleUploadedFile(f"scenarios-{n}.txt", f"Simulation {n}. ".encode().ljust(size, b"x"))
    data = simulation_data(email=f"s{n}@example.org", title=f"Scenarios {n}", file=upload) | overrides
    return sender(n).post(simulation_url(series), data)


def test_files_under_the_attachment_quota_are_accepted_and_their_sizes_kept(series, settings):  # noqa: F811
    settings.ATTACHMENT_QUOTA_MB = 2
    assert [post_file(n, series).status_code for n in (1, 2, 3)] == [302, 302, 302]
    assert sorted(SimulationSubmission.objects.values_list("file_size", flat=True)) == [600 * KB] * 3
    assert len(stored()) == 3
    assert not quota_mails().exists()


def test_a_file_beyond_the_quota_is_refused_with_the_rest_kept_and_the_editors_are_told_once(series, settings):  # noqa: F811
    settings.ATTACHMENT_QUOTA_MB = 1
    assert post_file(1, series).status_code == 302
    accepted = stored()

    refused = post_file(2, series, text="Scenario two, typed with care.")
    again = post_file(3, series)

    assert (refused.status_code, again.status_code) == (507, 507)
    (message,) = texts(refused, "conf-refusal")
    assert message.startswith("We cannot take attached files just now: the space we keep for them is full")
    assert "send your simulation again later, or send it now without the file" in message
    form = refused.context["form"]
    typed = {name: form[name].value() for name in ("full_name", "email", "phone", "title", "text")}
    assert typed == {
        "full_name": "Leyla Mammadova",
        "email": "s2@example.org",
        "phone": "+994 50 123 45 67",
        "title": "Scenarios 2",
        "text": "Scenario two, typed with care.",
    }
    assert shown_values(refused, "title") == ["Scenarios 2"]
    assert shown_values(refused, "text") == ["Scenario two, typed with care."]
    assert shown_values(refused, "kept_file") == [""]  # the file is not kept: nothing was stored
    assert texts(refused, attr="data-kept-file") == []
    assert field_errors(refused) == {}  # nothing is marked wrong: only the file could not be taken
    assert SimulationSubmission.objects.count() == 1
    assert stored() == accepted
    assert quota_mails().count() == len(settings.EDITORS_EMAIL)  # once for both refusals
    assert "ATTACHMENT_QUOTA_MB" in quota_mails().first().body


def test_with_the_quota_full_a_simulation_without_a_file_is_still_accepted(series, settings):  # noqa: F811
    settings.ATTACHMENT_QUOTA_MB = 1
    assert post_file(1, series).status_code == 302
    assert post_file(2, series).status_code == 507

    text_only = sender(2).post(simulation_url(series), simulation_data(email="s2@example.org", title="Scenarios 2"))

    assert text_only.status_code == 302
    assert SimulationSubmission.objects.count() == 2
    assert SimulationSubmission.objects.get(title="Scenarios 2").file_size == 0


def test_a_file_kept_from_an_earlier_showing_is_refused_and_removed_once_the_quota_filled(series, settings):  # noqa: F811
    settings.ATTACHMENT_QUOTA_MB = 1
    shown_back = post_file(1, series, phone="")  # an error elsewhere: the file is kept
    kept = shown_back.context["form"]["kept_file"].value()
    assert shown_back.status_code == 200
    assert post_file(2, series).status_code == 302  # meanwhile, another file fills the quota

    again = sender(1).post(
        simulation_url(series), simulation_data(email="s1@example.org", title="Scenarios 1", kept_file=kept)
    )

    assert again.status_code == 507
    assert SimulationSubmission.objects.count() == 1
    assert stored() == [SimulationSubmission.objects.get().file.name]  # the kept file went with the refusal
    assert again.context["form"]["title"].value() == "Scenarios 1"


def test_with_the_quota_full_a_form_shown_back_with_errors_does_not_keep_its_file(series, settings):  # noqa: F811
    settings.ATTACHMENT_QUOTA_MB = 1
    assert post_file(1, series).status_code == 302

    shown_back = post_file(2, series, phone="")

    assert shown_back.status_code == 200
    assert shown_back.context["form"]["kept_file"].value() in ("", None)
    assert len(stored()) == 1
