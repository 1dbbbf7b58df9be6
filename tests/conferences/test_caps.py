"""A call (or a series) takes at most so many submissions an hour and a day, whoever sends them:
beyond, 429 with the form kept, one email to the editors, and nothing stored is touched."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conferences.models import Abstract, LetterOfInterest, OutgoingEmail, SimulationSubmission

from .conftest import abstract_data
from .factories import ConferenceFactory
from .html import texts
from .test_letters_and_simulations import letter_data, series, simulation_data, simulation_url  # noqa: F401

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
