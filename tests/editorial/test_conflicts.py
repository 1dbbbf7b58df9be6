"""No silent overwrite: a form opened before someone else saved the same object is refused, with what
they changed, and everything the second editor typed stays in the form."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial.models import Revision
from tests.factories import ArticleFactory, AuthorFactory

from .conftest import form_data, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Water diplomacy", body="<p>The Kura carries most of the water.</p>", draft=True)


def test_the_second_editor_is_refused_shown_the_first_editors_change_and_keeps_their_text(client, article):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(make_editor("ana"))
    second.force_login(make_editor("bob"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    opened_by_first, opened_by_second = first.get(url), second.get(url)

    assert first.post(url, form_data(opened_by_first, title="Water diplomacy, by Ana")).status_code == 302
    refused = second.post(url, form_data(opened_by_second, summary="Bob's careful summary."))

    assert refused.status_code == 200
    form = refused.context["adminform"].form
    assert [e.code for e in form.non_field_errors().as_data()] == ["edit_conflict"]
    assert form.non_field_errors()[0].startswith("ana saved this article after you opened it; nothing was saved.")
    assert [(c.name, c.before, c.after) for c in refused.context["conflict_changes"]] == [
        ("title", "Water diplomacy", "Water diplomacy, by Ana")
    ]
    assert "Bob&#x27;s careful summary." in refused.content.decode()  # still in the form
    assert Article.objects.get(pk=article.pk).summary == article.summary

    # Saving again, having seen the other change, goes through.
    again = second.post(url, form_data(refused, summary="Bob's careful summary."))
    assert again.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.summary) == ("Water diplomacy", "Bob's careful summary.")
    assert list(Revision.objects.for_object(article).values_list("user__username", flat=True)) == [
        "bob",
        "ana",
        None,
    ]


def test_a_change_made_by_an_admin_action_also_refuses_an_older_form(client, article):
    client.force_login(make_editor("ana"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    opened = client.get(url)
    client.post(
        reverse("admin:articles_article_changelist"), {"action": "send_to_review", "_selected_action": [article.pk]}
    )

    refused = client.post(url, form_data(opened, title="Late edit"))

    assert refused.status_code == 200
    assert [(c.name, c.before, c.after) for c in refused.context["conflict_changes"]] == [
        ("status", "Draft", "In review")
    ]


def test_one_editor_saving_twice_in_a_row_is_never_refused(client):
    author = AuthorFactory(name="Old")
    client.force_login(make_editor("ana"))
    url = reverse("admin:articles_author_change", args=[author.pk])
    for name in ["First", "Second"]:
        assert client.post(url, form_data(client.get(url), name=name)).status_code == 302
    author.refresh_from_db()
    assert author.name == "Second"
