"""The public conference pages: what they show, and a constant number of queries whatever the data."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from conferences.models import Conference

from .factories import AbstractFactory, ConferenceFactory
from .html import texts

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
DEADLINE = datetime(2030, 1, 31, 23, 59, 59, tzinfo=BAKU)


def test_an_open_call_shows_its_deadline_with_its_time_zone_and_the_time_left(client):
    conference = ConferenceFactory(opens_at=DEADLINE - timedelta(days=30), deadline=DEADLINE, time_zone="Asia/Baku")

    with time_machine.travel(DEADLINE - timedelta(days=2, hours=3), tick=False):
        response = client.get(conference.get_absolute_url())

    assert texts(response, "conf-deadline") == [
        "The call for abstracts is open Deadline: 31 January 2030, 23:59 Baku time (UTC+04:00) — 2 days, 3 hours "
        "left. Submit an abstract"
    ]
    assert '<time datetime="2030-01-31T23:59:59+04:00">' in response.content.decode()


def test_the_deadline_is_shown_in_the_conferences_own_time_zone(client):
    deadline = datetime(2030, 6, 30, 23, 59, 59, tzinfo=ZoneInfo("Europe/Paris"))
    conference = ConferenceFactory(opens_at=deadline - timedelta(days=30), deadline=deadline, time_zone="Europe/Paris")

    with time_machine.travel(deadline - timedelta(days=1), tick=False):
        response = client.get(conference.get_absolute_url())

    assert "Deadline: 30 June 2030, 23:59 Paris time (UTC+02:00)" in texts(response, "conf-deadline")[0]


def test_a_call_not_yet_open_says_when_it_opens(client):
    conference = ConferenceFactory(opens_at=DEADLINE - timedelta(days=30), deadline=DEADLINE)
    with time_machine.travel(DEADLINE - timedelta(days=40), tick=False):
        response = client.get(conference.get_absolute_url())
    assert texts(response, "conf-deadline") == [
        "The call for abstracts opens soon Abstracts may be sent from 1 January 2030, 23:59 Baku time (UTC+04:00) "
        "until 31 January 2030, 23:59 Baku time (UTC+04:00)."
    ]


def test_a_demo_call_says_so(client):
    conference = ConferenceFactory(is_demo=True)
    response = client.get(conference.get_absolute_url())
    assert texts(response, "conf-demo") == [
        "This is a demo call, opened to try the site. Abstracts sent to it are test data."
    ]


def test_the_index_lists_open_calls_first_and_past_ones_in_the_archive(client):
    ConferenceFactory(title="Past", closed=True)
    ConferenceFactory(title="Open")
    response = client.get(reverse("conferences:index"))
    assert [c.title for c in response.context["current"]] == ["Open"]
    assert [c.title for c in response.context["archive"]] == ["Past"]


def test_featured_prefers_the_open_call_closing_first_then_the_latest(django_assert_max_num_queries):
    past = ConferenceFactory(closed=True)
    with django_assert_max_num_queries(2):
        assert Conference.objects.featured() == past
    ConferenceFactory(deadline=DEADLINE + timedelta(days=9))
    soon = ConferenceFactory(deadline=DEADLINE)
    with django_assert_max_num_queries(1):
        assert Conference.objects.featured() == soon


def test_the_slugs_of_the_apps_own_pages_are_reserved():
    from django.core.exceptions import ValidationError

    conference = Conference(title="T", slug="abstracts", year=2030, description="D", deadline=DEADLINE)
    with pytest.raises(ValidationError) as raised:
        conference.full_clean()
    assert raised.value.message_dict["slug"] == ["“abstracts” is used by the site's own pages; choose another slug."]


# ---------- Proceedings ----------


def test_the_proceedings_list_accepted_papers_by_topic_with_numbered_affiliations(client):
    conference = ConferenceFactory(topics=["Regional actors", "Human rights"], proceedings_published=True)
    regional, rights = conference.topics.all()
    AbstractFactory(
        conference=conference,
        topic=rights,
        title="Rights first",
        status="accepted",
        authors=[
            ("Ana", "Univ A", "ana@example.org"),
            ("Ben", "Univ B", "ben@example.org"),
            ("Cem", "Univ A", "cem@example.org"),
        ],
    )
    AbstractFactory(
        conference=conference,
        topic=regional,
        title="Regional",
        status="accepted",
        authors=[("Dina", "Univ D", "d@example.org")],
    )
    AbstractFactory(conference=conference, topic=None, title="Other issue", status="accepted")
    AbstractFactory(conference=conference, title="Rejected", status="rejected")
    AbstractFactory(conference=conference, title="Waiting", status="submitted")

    response = client.get(reverse("conferences:proceedings", kwargs={"slug": conference.slug}))

    assert texts(response, "section-title")[1:] == ["Regional actors", "Human rights", "Another relevant issue"]
    assert texts(response, "conf-paper__title") == ["Regional", "Rights first", "Other issue"]
    assert texts(response, "conf-paper__authors")[:2] == ["Dina", "Ana1, Ben2, Cem1"]
    assert texts(response, "conf-paper__affiliations")[:2] == ["Univ D", "Univ A Univ B"]
    assert texts(response, "conf-proceedings__kind") == ["Book of abstracts · 3 papers"]


def test_the_proceedings_stay_empty_until_the_editors_publish_them(client):
    conference = ConferenceFactory()
    AbstractFactory(conference=conference, status="accepted")
    response = client.get(reverse("conferences:proceedings", kwargs={"slug": conference.slug}))
    assert texts(response, "empty") == ["The proceedings will be published here once the papers are selected."]


def test_the_proceedings_load_a_print_stylesheet_and_no_inline_script_or_style(client):
    conference = ConferenceFactory(proceedings_published=True)
    AbstractFactory(conference=conference, status="accepted")
    html = client.get(reverse("conferences:proceedings", kwargs={"slug": conference.slug})).content.decode()
    assert "/static/css/conference." in html
    assert "<script>" not in html
    assert "style=" not in html


# ---------- Query counts ----------


def populate(n):
    conferences = [
        ConferenceFactory(proceedings_published=True, topics=[f"Topic {i}" for i in range(n)]) for _ in range(n)
    ]
    for conference in conferences:
        for i in range(n):
            AbstractFactory(
                conference=conference,
                status="accepted",
                authors=[(f"A{i}{j}", "Inst", f"a{i}{j}@example.org") for j in range(n)],
            )
    return conferences[0]


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(
    ("page", "queries"),
    [
        ("index", 1),  # the conferences
        ("detail", 3),  # the conference, its topics, its features
        ("submit", 2),  # the conference, its topics
        ("proceedings", 3),  # the conference, the accepted abstracts with their topics, their authors
        ("letter", 1),  # the conference
        ("manage", 2),  # the abstract with its conference and topic, its authors
        ("status", 2),
    ],
)
def test_public_pages_run_the_same_queries_whatever_the_data(client, django_assert_num_queries, n, page, queries):
    conference = populate(n)
    abstract = conference.abstracts.first()
    url = {
        "index": reverse("conferences:index"),
        "detail": conference.get_absolute_url(),
        "submit": reverse("conferences:abstract_submit", kwargs={"slug": conference.slug}),
        "proceedings": reverse("conferences:proceedings", kwargs={"slug": conference.slug}),
        "letter": reverse("conferences:letter_submit", kwargs={"slug": conference.slug}),
        "manage": reverse("conferences:abstract_manage", kwargs={"key": abstract.manage_key}),
        "status": reverse("conferences:abstract_status", kwargs={"key": abstract.status_key}),
    }[page]

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


def test_a_new_call_is_organised_by_and_answers_at_the_site_named_in_the_settings(settings):
    settings.SITE = {**settings.SITE, "name": "The Peace Institute", "short_name": "TPI", "email": "desk@peace.example"}
    conference = Conference()
    assert (conference.organiser, conference.contact_email) == ("The Peace Institute (TPI)", "desk@peace.example")
