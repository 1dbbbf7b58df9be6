"""The seed's 2023 call (fixtures/conference.json) holds every fact of the call, and reads as closed."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command

from conferences.models import Conference

from .html import texts

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "conference.json"


@pytest.fixture
def seed_call():
    call_command("loaddata", str(FIXTURE), verbosity=0)
    return Conference.objects.get(slug="peace-in-south-caucasus-2023")


def test_the_seed_call_has_all_the_facts_of_the_call(seed_call):
    c = seed_call
    assert (c.title, c.subtitle, c.year, c.organiser) == (
        "International Conference on Peace in South Caucasus",
        "How to Achieve Peace between Armenia and Azerbaijan on Nagorno-Karabakh",
        2023,
        "The Caucasus Center for Strategic and International Studies (CCSIS)",
    )
    assert [t.title for t in c.topics.all()] == [
        "The role of regional and international actors in facilitating peace and security",
        "The legal and political implications of the ceasefire agreement and its implementation",
        "The humanitarian and socio-economic impact of the war and the post-war recovery",
        "The promotion of human rights, democracy, and the rule of law",
        "The fostering of dialogue, trust, and reconciliation among the conflicting parties and communities",
        "The prevention of future violence and escalation",
    ]
    assert [(f.kind, f.title) for f in c.features.all()] == [
        ("keynote", "Keynote speeches by prominent experts and policymakers"),
        ("panel", "Panel discussions on various topics related to the conflict and its implications"),
        ("workshop", "Workshops on conflict resolution, dialogue, and cooperation"),
        ("roundtable", "A roundtable with representatives of the parties involved in the conflict"),
        (
            "declaration",
            "A final declaration and a policy brief with recommendations for the international community and the "
            "parties involved",
        ),
    ]
    assert (c.working_language, c.interpretation_language_names) == (
        "en",
        ["Armenian", "Azerbaijani", "Russian", "Turkish"],
    )
    assert (c.is_live_streamed, c.live_stream_details) == (
        True,
        "The conference will be live-streamed on our website and social media platforms.",
    )
    assert (c.venue, c.venue_is_announced, c.starts_on) == ("", False, None)
    assert c.deadline == datetime(2023, 10, 31, 23, 59, 59, tzinfo=ZoneInfo("Asia/Baku"))
    assert (c.time_zone, c.word_limit, c.allow_other_topics) == ("Asia/Baku", 300, True)
    assert c.proceedings_info == "The accepted papers will be published in the conference proceedings."
    assert c.contact_email == "info@thecaucasuscenter.org"
    assert c.is_demo is False


def test_loading_the_seed_twice_changes_nothing(seed_call):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    assert (Conference.objects.count(), seed_call.topics.count(), seed_call.features.count()) == (1, 6, 5)


def test_the_seed_call_page_says_the_call_is_closed_and_keeps_every_fact(client, seed_call):
    response = client.get(seed_call.get_absolute_url())

    assert texts(response, "conf-deadline__title") == ["The call for abstracts is closed"]
    assert texts(response, "conf-deadline") == [
        "The call for abstracts is closed The deadline was 31 October 2023, 23:59 Baku time (UTC+04:00); "
        "abstracts can no longer be submitted."
    ]
    assert texts(response, "conf-dl") == [
        "Dates In 2023; the dates will be announced. Venue To be announced. Language English, with simultaneous "
        "interpretation in Armenian, Azerbaijani, Russian and Turkish. Live stream The conference will be "
        "live-streamed on our website and social media platforms. Contact info@thecaucasuscenter.org"
    ]
    assert len(texts(response, "conf-features__item")) == 5
    assert "Submit an abstract" not in response.content.decode()


def test_the_seed_call_stays_readable_in_the_archive(client, seed_call):
    response = client.get("/conference/")
    assert [c.slug for c in response.context["archive"]] == ["peace-in-south-caucasus-2023"]
    assert response.context["current"] == []
    assert texts(response, "conf-list__meta") == ["Call closed 31 October 2023."]
