"""Editors see who follows what (the only place an address appears), how many, and may delete a
subscription; they cannot add or edit one."""

import pytest
from django.contrib.auth.models import Group

from alerts import services
from alerts.models import Subscription
from tests.articles.test_admin import make_user
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("eda", "Editors"))
    return client


@pytest.fixture
def subscriptions():
    author = AuthorFactory(name="Leyla Aliyeva")
    ArticleFactory(authors=[author])
    services.subscribe("waiting@example.org", "author", author.pk, "immediate", "en")
    services.subscribe("confirmed@example.org", "all", None, "weekly", "en")
    services.confirm(Subscription.objects.get(email="confirmed@example.org"))


def test_the_editors_may_view_and_delete_subscriptions_and_view_announcements():
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("content_type__app_label", "codename"))
    assert {c for app, c in codenames if app == "alerts"} == {
        "view_subscription",
        "delete_subscription",
        "view_announcement",
    }


def test_editors_see_each_address_what_it_follows_and_the_counts(editor_client, subscriptions):
    response = editor_client.get("/admin/alerts/subscription/")

    text = response.content.decode()
    assert response.status_code == 200
    assert "waiting@example.org" in text
    assert "pieces by Leyla Aliyeva" in text
    assert "every new piece" in text
    assert "Waiting for confirmation: 1, Confirmed: 1, Unsubscribed: 0" in text
    assert "Add email alert subscription" not in text


def test_editors_delete_a_subscription_on_a_reader_s_request(editor_client, subscriptions):
    pk = Subscription.objects.get(email="waiting@example.org").pk

    response = editor_client.post(f"/admin/alerts/subscription/{pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert list(Subscription.objects.values_list("email", flat=True)) == ["confirmed@example.org"]
    assert editor_client.get(f"/admin/alerts/subscription/{pk}/change/").status_code == 302  # gone
