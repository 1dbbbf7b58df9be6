"""The editorial calendar: scheduled, embargoed and recently published pieces on their days, with the
pieces in review beside them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), timezone.get_current_timezone())


@pytest.fixture
def desk_pieces():
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=3)
    author = AuthorFactory(name="Leyla Mammadova")
    return {
        "scheduled": ArticleFactory(title="Scheduled piece", published_at=at(soon, 9), authors=[author]),
        "embargoed": ArticleFactory(title="Embargoed piece", status="review", published_at=at(soon, 10)),
        "published": ArticleFactory(title="Published piece", published_at=timezone.now() - datetime.timedelta(hours=1)),
        "review": ArticleFactory(title="Waiting piece", status="review", published_at=None),
        "draft": ArticleFactory(title="Quiet draft", draft=True),
        "soon": soon,
    }


def shown(response):
    return {
        date: [(a.title, a.state) for a in pieces]
        for week in response.context["weeks"]
        for date, pieces, _ in week
        if pieces
    }


def test_the_week_shows_each_piece_on_its_day_with_its_state(editor_client, desk_pieces):
    soon = desk_pieces["soon"]
    response = editor_client.get(reverse("admin:articles_article_calendar"), {"view": "day", "date": soon.isoformat()})

    assert shown(response) == {soon: [("Scheduled piece", "Scheduled"), ("Embargoed piece", "Embargoed")]}
    assert [a.title for a in response.context["in_review"]] == ["Waiting piece", "Embargoed piece"]
    content = response.content.decode()
    assert "Leyla Mammadova" in content
    assert reverse("admin:articles_article_change", args=[desk_pieces["scheduled"].pk]) in content


@pytest.mark.parametrize("view", ["week", "month"])
def test_the_week_and_month_include_the_scheduled_day_and_never_a_draft(editor_client, desk_pieces, view):
    soon = desk_pieces["soon"]
    response = editor_client.get(reverse("admin:articles_article_calendar"), {"view": view, "date": soon.isoformat()})

    assert ("Scheduled piece", "Scheduled") in shown(response)[soon]
    assert "Quiet draft" not in response.content.decode()


def test_the_calendar_is_for_staff_only(client):
    response = client.get(reverse("admin:articles_article_calendar"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
